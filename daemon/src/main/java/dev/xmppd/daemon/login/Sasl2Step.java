package dev.xmppd.daemon.login;

import dev.xmppd.protocol.ext.bind2.Bind2;
import dev.xmppd.protocol.ext.sm.SmNonza;
import dev.xmppd.protocol.ext.fast.Fast;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.sasl.ChannelBinding;
import dev.xmppd.protocol.sasl.DowngradeProtection;
import dev.xmppd.protocol.sasl.HtMechanism;
import dev.xmppd.protocol.sasl.SaslException;
import dev.xmppd.protocol.sasl.SaslMechanism;
import dev.xmppd.protocol.sasl.SaslMechanisms;
import dev.xmppd.protocol.sasl.ScramMechanism;
import dev.xmppd.protocol.sasl2.Sasl2;
import dev.xmppd.protocol.sasl2.Sasl2Offer;
import dev.xmppd.protocol.sasl2.Sasl2ServerMessage;
import dev.xmppd.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The quick login (XEP-0388 SASL2) when the server offers it after TLS: one {@code <authenticate/>} carries the
 * mechanism's first message, our user agent, a Bind2 request (XEP-0386) with carbons enabled inline where offered,
 * and a FAST token request (XEP-0484); or, when a token is stored, it logs in with the token (HT mechanism, one
 * round trip, no password). There is no stream restart: after {@code <success/>} the server sends the features of
 * the authenticated stream and the recap goes on (stream management, disco...). SCRAM is checked against
 * downgrades (XEP-0474). A refused token is forgotten and the login retried with the password.
 *
 * <p>Stream management (XEP-0198 with SASL2 and Bind2): where the server lists {@code <sm/>} inline, a session
 * waiting to be resumed is resumed inside {@code <authenticate/>} ({@code <resume previd h/>}, with the h stream
 * management stored) and the Bind2 request goes along: the server ignores it when the resumption succeeds, and binds
 * anew when it fails. {@code <resumed/>} in {@code <success/>} ends the login at once, as on the classic path;
 * stream management trims and resends the queue. Bind2 also carries {@code <enable resume='true'/>} where offered,
 * so a new session is counted from the bind on, and the recap's enable step is skipped. Where the server cannot
 * resume inline, Bind2 is left out while a session waits: resumption (XEP-0198 §5) then follows on the
 * authenticated stream, and classic binding if it fails.
 */
final class Sasl2Step implements LoginStep {

    static final String NAME = "sasl2";
    static final String SOFTWARE = "xmppd";
    /** The name of the resumption step (XEP-0198 §5), which the login summary looks for. */
    static final String RESUME = "sm-resume";

    private SaslMechanism mechanism;
    private boolean usingToken;
    private Optional<String> requestedTokenMechanism = Optional.empty();
    private boolean bindRequested;
    private boolean carbonsRequested;
    private boolean enableRequested;
    private Optional<SessionToResume> resuming = Optional.empty();
    private boolean succeeded;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StepResult start(LoginContext context) {
        Sasl2Offer offer = Sasl2Offer.in(context.features()).orElseThrow();
        QuickLogin quick = context.settings().quick();
        List<ChannelBinding> bindings = context.tls().map(t -> t.channelBindings()).orElse(List.of());
        String user = context.account().local().orElse("");
        List<Element> inline = new ArrayList<>();
        Optional<Fast.Token> token = quick.token().filter(t -> offer.fastMechanisms().contains(t.mechanism())
                && HtMechanism.usable(t.mechanism(), bindings));
        if (token.isPresent()) {
            mechanism = HtMechanism.create(token.get().mechanism(), user, token.get().secret(), bindings);
            usingToken = true;
            inline.add(Fast.usingToken(false));
        } else {
            Optional<StepResult> refused = choosePasswordMechanism(context, offer, user);
            if (refused.isPresent()) {
                return refused.get();
            }
            requestedTokenMechanism = HtMechanism.choose(offer.fastMechanisms(), bindings);
            requestedTokenMechanism.ifPresent(m -> inline.add(Fast.requestToken(m)));
        }
        if (quick.resumable() && offer.streamManagement()) {
            return new StepResult.Later(quick.resumption().orElseThrow().prepare()
                    .thenApply(session -> authenticate(context, offer, inline, session)));
        }
        return authenticate(context, offer, inline, Optional.empty());
    }

    /**
     * {@code <authenticate/>} with the resumption (when there is a session to resume), the Bind2 request (unless
     * classic resumption is to follow) and {@code inline}, the FAST part.
     */
    private StepResult authenticate(LoginContext context, Sasl2Offer offer, List<Element> inline,
                                    Optional<SessionToResume> session) {
        QuickLogin quick = context.settings().quick();
        List<Element> requests = new ArrayList<>();
        session.ifPresent(s -> requests.add(s.resume()));
        resuming = session;
        if (offer.bind().isPresent() && (!quick.resumable() || offer.streamManagement())) {
            List<Element> bindInline = new ArrayList<>();
            if (offer.bindOffers(CarbonsStep.NAMESPACE)) {
                bindInline.add(Element.builder("enable", CarbonsStep.NAMESPACE).build());
                carbonsRequested = true;
            }
            if (offer.bindOffers(SmNonza.NAMESPACE)) {
                bindInline.add(new SmNonza.Enable(true, OptionalLong.empty()).toElement());
                enableRequested = true;
            }
            requests.add(Bind2.request(context.settings().resource().orElse(SOFTWARE), bindInline));
            bindRequested = true;
        }
        requests.addAll(inline);
        return StepResult.send(context, Sasl2.authenticate(mechanism.name(), mechanism.initialResponse(),
                new Sasl2.UserAgent(quick.clientId(), SOFTWARE, ""), requests));
    }

    /** The strongest password mechanism, SCRAM with XEP-0474 protection; a failed result when none fits. */
    private Optional<StepResult> choosePasswordMechanism(LoginContext context, Sasl2Offer offer, String user) {
        List<String> serverTypes = context.features().child("sasl-channel-binding", SaslStep.CHANNEL_BINDING_NAMESPACE)
                .map(cb -> cb.children("channel-binding", SaslStep.CHANNEL_BINDING_NAMESPACE).stream()
                        .flatMap(b -> b.attribute("type").stream()).toList())
                .orElse(List.of());
        Optional<ChannelBinding> binding = SaslStep.channelBinding(context.tls(), serverTypes);
        Optional<SaslMechanism> chosen;
        try {
            chosen = SaslMechanisms.negotiate(offer.mechanisms(), context.tls().isPresent(), binding, serverTypes,
                    user, context.settings().password());
        } catch (IllegalArgumentException e) {
            return Optional.of(StepResult.fail(LoginFailure.authFailed("cannot use the password: " + e.getMessage())));
        }
        if (chosen.isEmpty()) {
            return Optional.of(StepResult.fail(LoginFailure.authFailed("the server offers no SASL2 mechanism we "
                    + "accept " + offer.mechanisms() + " (we need SCRAM, or PLAIN over TLS)")));
        }
        mechanism = chosen.get();
        if (mechanism instanceof ScramMechanism scram) {
            scram.protectAgainstDowngrade(SaslStep.advertised(offer.mechanisms(), context.features()));
        }
        return Optional.empty();
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        if (succeeded) {
            if (element.is("features", StreamFeature.STREAM_NAMESPACE)) {
                return StepResult.done(context.withFeatures(element));
            }
            return StepResult.fail(LoginFailure.protocol("unexpected <" + element.name()
                    + "/> after SASL2 success, before the stream features"));
        }
        try {
            Optional<Sasl2ServerMessage> message = Sasl2ServerMessage.parse(element);
            if (message.isEmpty()) {
                return StepResult.fail(LoginFailure.protocol("unexpected <" + element.name() + "/> during SASL2"));
            }
            return switch (message.get()) {
                case Sasl2ServerMessage.Challenge challenge ->
                        StepResult.send(context, Sasl2.response(mechanism.evaluateChallenge(challenge.data())));
                case Sasl2ServerMessage.Success success -> onSuccess(context, success);
                case Sasl2ServerMessage.Failure failure -> onFailure(context, failure);
                case Sasl2ServerMessage.Continue next -> StepResult.fail(LoginFailure.authFailed("the server asks for "
                        + "more authentication steps " + next.tasks() + " (XEP-0388 tasks), which xmppd does not do"));
            };
        } catch (SaslException e) {
            // The server failed to prove it knows our credentials, or the advertised lists were tampered with.
            return StepResult.fail(LoginFailure.authFailed("SASL2 " + mechanism.name() + " failed: " + e.getMessage()));
        }
    }

    private StepResult onSuccess(LoginContext context, Sasl2ServerMessage.Success success) throws SaslException {
        mechanism.verifySuccess(success.additionalData());
        Optional<Fast.Token> newToken = Fast.tokenIn(success.element(),
                usingToken ? mechanism.name() : requestedTokenMechanism.orElse(""));
        if (newToken.isPresent()) {
            context.settings().quick().tokens().accept(newToken);
        }
        LoginContext next = context.withAuthenticated().completing(NAME);
        if (usingToken) {
            next = next.completing("fast");
        }
        if (resuming.isPresent()) {
            // XEP-0198 with SASL2: tried once, here; <failed/> means the Bind2 request was processed instead.
            next = next.completing(RESUME);
            if (success.element().child("resumed", SmNonza.NAMESPACE).isPresent()) {
                Optional<Jid> full = Jid.tryParse(resuming.get().boundJid())
                        .or(() -> Jid.tryParse(success.authorizationIdentifier()));
                return new StepResult.Resumed(full.map(next::withBoundJid).orElse(next));
            }
        }
        Optional<Bind2.Result> bind = bindRequested ? Bind2.resultIn(success.element()) : Optional.empty();
        if (bind.orElse(null) instanceof Bind2.Failed failed) {
            return StepResult.fail(LoginFailure.protocol("the server refused to bind a resource in SASL2 ("
                    + failed.condition() + ")"));
        }
        if (bind.isPresent()) {
            Optional<Jid> bound = Jid.tryParse(success.authorizationIdentifier())
                    .filter(j -> !j.isBare() && j.bare().equals(context.account()));
            if (bound.isEmpty()) {
                return StepResult.fail(LoginFailure.protocol("the SASL2 authorization identifier holds no full JID "
                        + "of our account"));
            }
            // The resource is bound: classic bind and session are done (RFC 6120 §7 is not run again).
            next = next.withBoundJid(bound.get()).completing("bind2").completing("bind").completing("session")
                    .withCarbons(carbonsRequested);
            if (enableRequested && bind.get() instanceof Bind2.Bound bound2
                    && bound2.resultIn(SmNonza.NAMESPACE).isPresent()) {
                // Stream management saw <enabled/> (or <failed/>) in the same <success/>: no second enable.
                next = next.completing(Recap.STREAM_MANAGEMENT);
            }
        }
        succeeded = true;
        return new StepResult.Continue(next, List.of());
    }

    private StepResult onFailure(LoginContext context, Sasl2ServerMessage.Failure failure) {
        String reason = failure.condition().elementName() + failure.text().map(t -> ": " + t).orElse("");
        if (usingToken) {
            // XEP-0484 §3.3: a token may be revoked or expired; the password still works. Prosody's SASL2 keeps
            // the token mechanism for the rest of the stream, so the password login takes a new connection.
            context.settings().quick().tokens().accept(Optional.empty());
            return StepResult.fail(LoginFailure.of(LoginFailure.Reason.NETWORK, "fast-token-refused",
                    "the server refused the FAST token (" + reason + "); logging in with the password next"));
        }
        return StepResult.fail(LoginFailure.authFailed("the server refused " + mechanism.name() + " (" + reason
                + "); check the password, then change the account to retry"));
    }
}
