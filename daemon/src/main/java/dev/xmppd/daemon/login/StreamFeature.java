package dev.xmppd.daemon.login;

import dev.xmppd.protocol.sasl2.Sasl2;
import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A stream feature the client negotiates, as data (after mellium/xmpp): the feature element it answers
 * to, the phase of the stream it belongs to, when an offered feature is wanted, and the step that
 * negotiates it. The {@link Negotiator} walks {@link #CLIENT_FEATURES} in order after every
 * {@code <stream:features/>} (RFC 6120 §4.3.2) instead of an if-chain.
 */
public record StreamFeature(String name, String elementName, String namespace, LoginContext.Phase phase,
                            Predicate<Element> wanted, Supplier<LoginStep> negotiate) {

    public static final String STREAM_NAMESPACE = "http://etherx.jabber.org/streams";

    /** The recap's stream-level steps, in order (seed slides 3–15). */
    public static final List<StreamFeature> CLIENT_FEATURES = List.of(
            // RFC 6120 §5: STARTTLS is the only thing we do on an unencrypted stream.
            new StreamFeature("starttls", "starttls", StartTls.NAMESPACE, LoginContext.Phase.INSECURE,
                    feature -> true, StartTls::new),
            // XEP-0388: SASL2 where offered (authentication, binding and more in one round trip, no restart).
            new StreamFeature(Sasl2Step.NAME, "authentication", Sasl2.NAMESPACE, LoginContext.Phase.SECURED,
                    feature -> true, Sasl2Step::new),
            // RFC 6120 §6: SASL only once TLS protects the stream.
            new StreamFeature("sasl", "mechanisms", SaslStep.NAMESPACE, LoginContext.Phase.SECURED,
                    feature -> true, SaslStep::new),
            // RFC 6120 §7: resource binding.
            new StreamFeature("bind", "bind", BindStep.NAMESPACE, LoginContext.Phase.AUTHENTICATED,
                    feature -> true, BindStep::new),
            // RFC 3921 §3 (gone from RFC 6121): only when the server lists it without <optional/>.
            new StreamFeature("session", "session", SessionStep.NAMESPACE, LoginContext.Phase.AUTHENTICATED,
                    feature -> feature.child("optional", SessionStep.NAMESPACE).isEmpty(), SessionStep::new));

    /** The feature element in {@code features}, when this feature is offered there. */
    public Optional<Element> offeredIn(Element features) {
        return features.child(elementName, namespace);
    }

    /** Offered, wanted, and not yet done in this login. */
    public boolean pending(LoginContext context) {
        return context.phase() == phase && !context.isCompleted(name)
                && offeredIn(context.features()).filter(wanted).isPresent();
    }

    /** The next feature to negotiate on the current stream, if any. */
    public static Optional<StreamFeature> next(LoginContext context) {
        return CLIENT_FEATURES.stream().filter(f -> f.pending(context)).findFirst();
    }
}
