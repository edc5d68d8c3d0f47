package dev.xmppd.daemon.login;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;

/**
 * Legacy session establishment (RFC 3921 §3; dropped by RFC 6121, kept by old servers). Only run when
 * the feature is listed without {@code <optional/>} (draft-cridland-xmpp-session-01); see {@link StreamFeature}.
 */
final class SessionStep implements LoginStep {

    static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-session";

    @Override
    public String name() {
        return "session";
    }

    @Override
    public StepResult start(LoginContext context) {
        return StepResult.send(context,
                Iq.set(Jid.domain(context.account().domain()), Element.builder("session", NAMESPACE).build()).element());
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        if (new Iq(element).type() == IqType.ERROR) {
            return StepResult.fail(LoginFailure.protocol("the server refused the legacy session"));
        }
        return StepResult.done(context.completing(name()));
    }
}
