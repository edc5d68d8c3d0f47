package dev.xmppd.daemon.sm;

import dev.xmppd.daemon.login.LoginContext;
import dev.xmppd.daemon.login.LoginStep;
import dev.xmppd.daemon.login.Recap;
import dev.xmppd.daemon.login.StepResult;
import dev.xmppd.protocol.ext.sm.SmNonza;
import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.OptionalLong;

/**
 * Recap step 4, right after bind: XEP-0198 §3 {@code <enable resume='true'/>}, so the rest of the login is already
 * counted. {@link StreamManagement} sees the answer first and starts the session; the login goes on either way
 * ({@code <failed/>} means a stream without stream management). Not run when a SASL2 login enabled stream
 * management inside Bind2 already (XEP-0386).
 */
public final class EnableStep implements LoginStep {

    public static final String NAME = Recap.STREAM_MANAGEMENT;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean applies(LoginContext context) {
        return context.features().child("sm", SmNonza.NAMESPACE).isPresent();
    }

    @Override
    public StepResult start(LoginContext context) {
        return StepResult.send(context, new SmNonza.Enable(true, OptionalLong.empty()).toElement());
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        if (element.is("enabled", SmNonza.NAMESPACE) || element.is("failed", SmNonza.NAMESPACE)) {
            return StepResult.done(context);
        }
        return new StepResult.Continue(context, List.of());
    }
}
