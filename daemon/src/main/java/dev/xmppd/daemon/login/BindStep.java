package dev.xmppd.daemon.login;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.stanza.StanzaError;
import dev.xmppd.protocol.xml.Element;
import java.util.Optional;

/**
 * Resource binding (RFC 6120 §7): our configured resource, or one the server assigns (§7.6.1). The
 * server may change the resource we asked for; the full JID it returns is the truth.
 */
final class BindStep implements LoginStep {

    static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-bind";

    @Override
    public String name() {
        return "bind";
    }

    @Override
    public StepResult start(LoginContext context) {
        Element bind = Element.builder("bind", NAMESPACE)
                .textChild("resource", context.settings().resource().orElse(null))
                .build();
        return StepResult.send(context, Iq.set(bind).element());
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        Iq iq = new Iq(element);
        if (iq.type() == IqType.ERROR) {
            String condition = iq.error().map(StanzaError::condition).map(c -> c.elementName()).orElse("unknown");
            return StepResult.fail(LoginFailure.protocol("the server refused to bind a resource (" + condition + ")"));
        }
        Optional<Jid> bound = iq.payload().flatMap(p -> p.childText("jid", NAMESPACE)).flatMap(Jid::tryParse)
                .filter(j -> !j.isBare() && j.bare().equals(context.account()));
        if (bound.isEmpty()) {
            return StepResult.fail(LoginFailure.protocol("the bind result holds no full JID of our account"));
        }
        return StepResult.done(context.withBoundJid(bound.get()).completing(name()));
    }
}
