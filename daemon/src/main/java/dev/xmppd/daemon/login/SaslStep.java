package dev.xmppd.daemon.login;

import dev.xmppd.daemon.net.TlsSession;
import dev.xmppd.protocol.sasl.ChannelBinding;
import dev.xmppd.protocol.sasl.DowngradeProtection;
import dev.xmppd.protocol.sasl.SaslElements;
import dev.xmppd.protocol.sasl.SaslException;
import dev.xmppd.protocol.sasl.SaslMechanism;
import dev.xmppd.protocol.sasl.SaslMechanisms;
import dev.xmppd.protocol.sasl.SaslServerMessage;
import dev.xmppd.protocol.sasl.ScramMechanism;
import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.Optional;

/**
 * SASL authentication (RFC 6120 §6): the strongest mechanism both sides support (SCRAM -PLUS with
 * channel binding first, PLAIN only over TLS), challenges answered until {@code <success/>}, whose
 * additional data must prove the server knows our key (RFC 5802 §5). A {@code <failure/>} is
 * {@code auth-failed}: the account stops trying until its settings change.
 */
final class SaslStep implements LoginStep {

    static final String NAMESPACE = SaslElements.NAMESPACE;
    /** XEP-0440: the channel-binding types a server accepts, advertised next to the mechanisms. */
    static final String CHANNEL_BINDING_NAMESPACE = "urn:xmpp:sasl-cb:0";

    private SaslMechanism mechanism;

    @Override
    public String name() {
        return "sasl";
    }

    @Override
    public StepResult start(LoginContext context) {
        Element mechanisms = context.features().child("mechanisms", NAMESPACE).orElseThrow();
        List<String> offered = SaslElements.mechanisms(mechanisms);
        List<String> serverTypes = context.features().child("sasl-channel-binding", CHANNEL_BINDING_NAMESPACE)
                .map(cb -> cb.children("channel-binding", CHANNEL_BINDING_NAMESPACE).stream()
                        .flatMap(b -> b.attribute("type").stream()).toList())
                .orElse(List.of());
        Optional<ChannelBinding> binding = channelBinding(context.tls(), serverTypes);
        String password = context.settings().password();
        Optional<SaslMechanism> chosen;
        try {
            chosen = SaslMechanisms.negotiate(offered, context.tls().isPresent(), binding, serverTypes,
                    context.account().local().orElse(""), password);
        } catch (IllegalArgumentException e) {
            return StepResult.fail(LoginFailure.authFailed("cannot use the password: " + e.getMessage()));
        }
        if (chosen.isEmpty()) {
            return StepResult.fail(LoginFailure.authFailed("the server offers no SASL mechanism we accept "
                    + offered + " (we need SCRAM, or PLAIN over TLS)"));
        }
        mechanism = chosen.get();
        if (mechanism instanceof ScramMechanism scram) {
            scram.protectAgainstDowngrade(advertised(offered, context.features()));
        }
        return StepResult.send(context, SaslElements.auth(mechanism.name(), mechanism.initialResponse()));
    }

    /**
     * What the server advertised, for the XEP-0474 check: the mechanisms of the SASL profile in use, and the
     * XEP-0440 channel-binding types when the server listed them.
     */
    static DowngradeProtection advertised(List<String> mechanisms, Element features) {
        return new DowngradeProtection(mechanisms, features.child("sasl-channel-binding", CHANNEL_BINDING_NAMESPACE)
                .map(cb -> cb.children("channel-binding", CHANNEL_BINDING_NAMESPACE).stream()
                        .flatMap(b -> b.attribute("type").stream()).toList()));
    }

    /**
     * The binding to offer: a type the server lists (XEP-0440) in our order of strength. Without a list the
     * server's type is {@code tls-unique} (XEP-0440 §4), which the JDK cannot produce and which is undefined for
     * TLS 1.3; guessing another type fails authentication (ejabberd 23.01 checks tls-unique only), so we use
     * SCRAM without -PLUS and say so with the GS2 flag {@code n}.
     */
    static Optional<ChannelBinding> channelBinding(Optional<TlsSession> tls, List<String> serverTypes) {
        if (tls.isEmpty() || serverTypes.isEmpty()) {
            return Optional.empty();
        }
        return tls.get().channelBindings().stream().filter(b -> serverTypes.contains(b.type())).findFirst();
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        try {
            Optional<SaslServerMessage> message = SaslElements.parse(element);
            if (message.isEmpty()) {
                return StepResult.fail(LoginFailure.protocol("unexpected <" + element.name() + "/> during SASL"));
            }
            return switch (message.get()) {
                case SaslServerMessage.Challenge challenge ->
                        StepResult.send(context, SaslElements.response(mechanism.evaluateChallenge(challenge.data())));
                case SaslServerMessage.Success success -> {
                    mechanism.verifySuccess(success.additionalData());
                    yield new StepResult.RestartStream(context.withAuthenticated().completing(name()));
                }
                case SaslServerMessage.Failure failure -> StepResult.fail(LoginFailure.authFailed(
                        "the server refused " + mechanism.name() + " (" + failure.condition().elementName()
                                + failure.text().map(t -> ": " + t).orElse("")
                                + "); check the password, then change the account to retry"));
            };
        } catch (SaslException e) {
            // The server failed to prove it knows our credentials, or spoke nonsense: do not retry blindly.
            return StepResult.fail(LoginFailure.authFailed("SASL " + mechanism.name() + " failed: " + e.getMessage()));
        }
    }
}
