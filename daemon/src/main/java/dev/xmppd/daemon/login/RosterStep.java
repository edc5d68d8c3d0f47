package dev.xmppd.daemon.login;

import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;
import java.util.Optional;

/**
 * The roster get (RFC 6121 §2.2), versioned (RFC 6121 §2.6) when the server advertises
 * {@code urn:xmpp:features:rosterver}: we send the stored {@code ver} (or "" when we have none); an empty
 * result means "your copy is current" and changes, if any, follow as pushes (handled by {@link RosterPush}).
 */
final class RosterStep implements LoginStep {

    /** RFC 6121 §2.6.1: the stream feature announcing roster versioning. */
    static final String VERSIONING_NAMESPACE = "urn:xmpp:features:rosterver";

    @Override
    public String name() {
        return "roster";
    }

    @Override
    public StepResult start(LoginContext context) {
        boolean versioning = context.features().child("ver", VERSIONING_NAMESPACE).isPresent();
        Element query = Element.builder("query", RosterPush.NAMESPACE)
                .attribute("ver", versioning ? context.rosterVersion().orElse("") : null)
                .build();
        return StepResult.send(context, Iq.get(query).element());
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        Iq iq = new Iq(element);
        if (iq.type() == IqType.ERROR) {
            // Keep the stored roster: a server without a roster is odd but not a reason to stay offline.
            return StepResult.done(context.completing(name()));
        }
        Optional<Element> query = iq.payload().filter(p -> p.is("query", RosterPush.NAMESPACE));
        if (query.isEmpty()) {
            return StepResult.done(context.completing(name()));
        }
        return StepResult.done(context.withRoster(RosterPush.items(query.get()), query.get().attribute("ver"))
                .completing(name()));
    }
}
