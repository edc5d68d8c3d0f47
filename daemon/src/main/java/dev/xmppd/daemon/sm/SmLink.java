package dev.xmppd.daemon.sm;

import dev.xmppd.protocol.ext.bind2.Bind2;
import dev.xmppd.protocol.ext.sm.SmNonza;
import dev.xmppd.protocol.sasl2.Sasl2;
import dev.xmppd.protocol.stanza.Stanza;
import dev.xmppd.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The account's current connection as {@link StreamManagement} sees it: the wire, where the XEP-0198 negotiation on
 * it stands ({@link Mode}), and what the server's nonzas do (§3 enabled/failed, §4 r/a, §5 resumed/failed).
 * Confined to the actor.
 */
final class SmLink {

    enum Mode { NONE, ENABLING, RESUMING, ACTIVE }

    private final Outbox outbox;
    private final Logger log;
    private long attempt = -1;
    private Optional<Wire> wire = Optional.empty();
    private Mode mode = Mode.NONE;
    /**
     * After {@code <resumed/>}, what the server resends belongs to the online session, which the account sets up
     * only when the login reports back: held until {@link #release}, so none of it reaches the finished login.
     */
    private Optional<List<StreamManagement.Inbound>> held = Optional.empty();
    /**
     * Stanzas sent after {@code <enable/>} and before the server's answer. XEP-0198 §4: the server counts what it
     * handles from {@code <enable/>} on, so these belong to the new session: they wait for {@code <enabled/>} and
     * open its queue. Written at once, uncounted, they made the server's h run ahead of ours, and an {@code <a/>}
     * then dropped as many stanzas from our queue that the server never had.
     */
    private final List<Element> beforeEnabled = new ArrayList<>();
    /** Our SASL2 {@code <authenticate/>} asked for {@code <enable/>} inside Bind2 (XEP-0386): its answer is due. */
    private boolean enableInBind;

    SmLink(Outbox outbox, Logger log) {
        this.outbox = outbox;
        this.log = log;
    }

    void attach(long newAttempt, Wire newWire) {
        attempt = newAttempt;
        wire = Optional.of(newWire);
        mode = Mode.NONE;
        outbox.attached();
    }

    /**
     * What was held after {@code <resumed/>} is dropped unhandled: the server sends it again on the next resume.
     * Stanzas still waiting for {@code <enabled/>} never reached the wire: they go after the next login.
     */
    void detach() {
        held = Optional.empty();
        beforeEnabled.forEach(outbox::owe);
        beforeEnabled.clear();
        wire = Optional.empty();
        mode = Mode.NONE;
        enableInBind = false;
        outbox.detached();
    }

    long attempt() {
        return attempt;
    }

    Optional<Wire> wire() {
        return wire;
    }

    boolean active() {
        return mode == Mode.ACTIVE;
    }

    /** Hands something read to the account, unless it is held. */
    void deliver(StreamManagement.Inbound inbound, Consumer<StreamManagement.Inbound> account) {
        if (held.isPresent()) {
            held.get().add(inbound);
        } else {
            account.accept(inbound);
        }
    }

    /** The session is online again: what was held goes to the account, in order. */
    void release(Consumer<StreamManagement.Inbound> account) {
        held.ifPresent(inbounds -> inbounds.forEach(account));
        held = Optional.empty();
    }

    /** Stanzas join the session's queue; {@code <enable/>} and {@code <resume/>} say where the negotiation is. */
    void send(Element element) {
        if (!Stanza.isStanza(element)) {
            if (element.is("enable", SmNonza.NAMESPACE)) {
                mode = Mode.ENABLING;
            } else if (element.is("resume", SmNonza.NAMESPACE)) {
                mode = Mode.RESUMING;
            } else if (element.is("authenticate", Sasl2.NAMESPACE)) {
                enableInBind = element.child("bind", Bind2.NAMESPACE)
                        .flatMap(bind -> bind.child("enable", SmNonza.NAMESPACE)).isPresent();
                if (element.child("resume", SmNonza.NAMESPACE).isPresent()) {
                    mode = Mode.RESUMING;
                } else if (enableInBind) {
                    mode = Mode.ENABLING;
                }
            }
            wire.ifPresent(w -> w.send(element));
            return;
        }
        // While a lost session is replaced, messages wait for the login's end and keep their order.
        if (!(outbox.replacing() && outbox.owe(element)) && !outbox.queue(element)) {
            if (mode == Mode.ENABLING) {
                beforeEnabled.add(element);
            } else if (wire.isPresent()) {
                wire.get().send(element);
            } else {
                log.warn("not connected: dropping a <{}/> stanza", element.name());
            }
        }
    }

    void requestAck() {
        wire.ifPresent(w -> {
            w.send(SmNonza.Request.INSTANCE.toElement());
            outbox.requested();
        });
    }

    /** A stream management element from the server; true when the login must see it too. */
    boolean onNonza(Element element) {
        Optional<SmNonza> nonza = SmNonza.parse(element);
        if (nonza.isEmpty()) {
            log.debug("ignoring a malformed stream management element <{}/>", element.name());
            return false;
        }
        return switch (nonza.get()) {
            case SmNonza.Request r -> {
                if (mode == Mode.ACTIVE) {
                    outbox.answerWhenStored(wire.orElseThrow());
                }
                yield false;
            }
            case SmNonza.Ack ack -> {
                if (mode == Mode.ACTIVE && outbox.acked(ack.h()) instanceof UnackedQueue.TooHigh tooHigh) {
                    tooHigh(tooHigh);
                }
                yield false;
            }
            case SmNonza.Enabled enabled -> {
                if (mode == Mode.ENABLING && wire.isPresent()) {
                    outbox.enabled(enabled, wire.get());
                    mode = Mode.ACTIVE;
                    sendBeforeEnabled();
                }
                yield true;
            }
            case SmNonza.Resumed resumed -> resumed(resumed);
            case SmNonza.Failed failed -> {
                if (mode == Mode.RESUMING) {
                    log.info("the server cannot resume the session ({}): logging in again",
                            failed.condition().map(c -> c.elementName()).orElse("no reason given"));
                    outbox.sessionLost(failed.h());
                } else if (mode == Mode.ENABLING) {
                    log.info("the server refused stream management");
                }
                mode = Mode.NONE;
                sendBeforeEnabled();
                yield true;
            }
            default -> false;
        };
    }

    /**
     * XEP-0198 inside SASL2 (XEP-0388) and Bind2 (XEP-0386): the answers a SASL2 {@code <success/>} carries, taken
     * as if they had come alone, in the order the server applies them: the resumption first ({@code <resumed/>} or
     * {@code <failed/>} in the success), then, when it failed or none was asked, the {@code <enabled/>} or
     * {@code <failed/>} inside {@code <bound/>}. False when the login must not see the success (an h beyond what
     * we sent closed the stream, as a lone {@code <resumed/>} would).
     */
    boolean onSasl2Success(Element success) {
        boolean enableAsked = enableInBind;
        enableInBind = false;
        if (mode == Mode.RESUMING) {
            Optional<Element> answer = success.child("resumed", SmNonza.NAMESPACE)
                    .or(() -> success.child("failed", SmNonza.NAMESPACE));
            if (answer.isEmpty()) {
                log.info("the server authenticated us without resuming the session or saying why: logging in again");
                outbox.sessionLost(OptionalLong.empty());
                mode = Mode.NONE;
            } else if (!onNonza(answer.get())) {
                return false;
            }
        }
        if (enableAsked && mode != Mode.ACTIVE) {
            Optional<Element> answer = success.child("bound", Bind2.NAMESPACE)
                    .flatMap(bound -> bound.child("enabled", SmNonza.NAMESPACE)
                            .or(() -> bound.child("failed", SmNonza.NAMESPACE)));
            mode = answer.isPresent() ? Mode.ENABLING : Mode.NONE;
            answer.ifPresent(this::onNonza);
            if (answer.isEmpty()) {
                sendBeforeEnabled();
            }
        }
        return true;
    }

    /** After the answer to {@code <enable/>}: into the new session's queue, or plainly without one. */
    private void sendBeforeEnabled() {
        List<Element> waiting = List.copyOf(beforeEnabled);
        beforeEnabled.clear();
        waiting.forEach(this::send);
    }

    private boolean resumed(SmNonza.Resumed resumed) {
        if (mode != Mode.RESUMING || wire.isEmpty()) {
            return true;
        }
        if (outbox.resumed(resumed.h(), wire.get()) instanceof UnackedQueue.TooHigh tooHigh) {
            tooHigh(tooHigh);
            return false;
        }
        mode = Mode.ACTIVE;
        held = Optional.of(new ArrayList<>());
        log.info("stream management session resumed");
        return true;
    }

    /** XEP-0198 §4: an h beyond what we sent is a protocol error; the stanzas stay owed for the next login. */
    private void tooHigh(UnackedQueue.TooHigh tooHigh) {
        log.warn("the server acknowledged {} stanzas, we sent {}: closing the stream (XEP-0198 §4)",
                tooHigh.h(), tooHigh.sendCount());
        wire.ifPresent(w -> {
            w.send(SmErrors.handledCountTooHigh(tooHigh.h(), tooHigh.sendCount()));
            w.close();
        });
        outbox.sessionLost(OptionalLong.empty());
        mode = Mode.NONE;
    }
}
