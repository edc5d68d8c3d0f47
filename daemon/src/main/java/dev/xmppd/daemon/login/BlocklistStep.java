package dev.xmppd.daemon.login;

import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;

/** The blocklist get (XEP-0191 §3.2), when the server's disco lists {@code urn:xmpp:blocking}. */
final class BlocklistStep implements LoginStep {

    @Override
    public String name() {
        return "blocklist";
    }

    @Override
    public boolean applies(LoginContext context) {
        return context.serverHas(BlocklistPush.NAMESPACE);
    }

    @Override
    public StepResult start(LoginContext context) {
        return StepResult.send(context, Iq.get(Element.builder("blocklist", BlocklistPush.NAMESPACE).build()).element());
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        Iq iq = new Iq(element);
        if (iq.type() == IqType.ERROR) {
            return StepResult.done(context.completing(name()));
        }
        return StepResult.done(context.withBlocklist(iq.payload().map(BlocklistPush::jids).orElse(java.util.List.of()))
                .completing(name()));
    }
}
