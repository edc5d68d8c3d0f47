package dev.xmppd.daemon.account;

import dev.xmppd.daemon.login.LoginContext;
import dev.xmppd.daemon.login.LoginStep;
import dev.xmppd.daemon.login.StepResult;
import dev.xmppd.protocol.xml.Element;
import java.util.List;

/**
 * Where XEP-0198 stream management enables (recap step 4, after bind). Its place in the login is fixed
 * here; enabling, counting and resuming arrive with the StreamManagement actor, so for now the slot
 * completes at once without sending anything.
 */
final class StreamManagementSlot implements LoginStep {

    static final String NAMESPACE = "urn:xmpp:sm:3";

    @Override
    public String name() {
        return "stream-management";
    }

    @Override
    public boolean applies(LoginContext context) {
        return context.features().child("sm", NAMESPACE).isPresent();
    }

    @Override
    public StepResult start(LoginContext context) {
        return new StepResult.Done(context, List.of());
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        return new StepResult.Done(context, List.of());
    }
}
