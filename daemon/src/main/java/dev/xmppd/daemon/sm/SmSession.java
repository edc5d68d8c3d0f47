package dev.xmppd.daemon.sm;

import dev.xmppd.daemon.store.SmState;
import dev.xmppd.protocol.ext.sm.SmCounter;
import dev.xmppd.protocol.ext.sm.SmNonza;
import dev.xmppd.protocol.xml.Element;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One XEP-0198 session of an account, across the connections that resume it: what {@code <enabled/>} said, the
 * full JID once the login completed, and both counters. Confined to {@link StreamManagement}.
 */
final class SmSession {

    private final Optional<String> id;
    private final Optional<String> location;
    private final boolean resumeOffered;
    private final OptionalLong maxSeconds;
    private final InboundCounter inbound;
    private final UnackedQueue outbound;
    private Optional<String> boundJid;
    private int resumptions;
    private boolean dead;
    /** When the session was last known alive on the server's side (restored: when it was stored). */
    private Instant alive;
    /** The handled count our last {@code <resume/>} gave the server: where it resends from. */
    private long resumeHandled;

    private SmSession(Optional<String> id, Optional<String> location, boolean resumeOffered, OptionalLong maxSeconds,
                      InboundCounter inbound, UnackedQueue outbound, Optional<String> boundJid, int resumptions,
                      Instant alive) {
        this.id = id;
        this.location = location;
        this.resumeOffered = resumeOffered;
        this.maxSeconds = maxSeconds;
        this.inbound = inbound;
        this.outbound = outbound;
        this.boundJid = boundJid;
        this.resumptions = resumptions;
        this.alive = alive;
    }

    /** A new session (XEP-0198 §3), numbered after what the account counted before. */
    static SmSession enabled(SmNonza.Enabled enabled, long inboundBefore, long outboundBefore, Instant now) {
        return new SmSession(enabled.id(), enabled.location(), enabled.resumable(), enabled.max(),
                InboundCounter.startingAt(inboundBefore), UnackedQueue.startingAt(outboundBefore), Optional.empty(),
                0, now);
    }

    /** A session stored by an earlier run of the daemon; {@code unacked} parsed from its stored stanzas. */
    static SmSession restored(SmState state, List<Element> unacked) {
        return new SmSession(state.resumptionId(), state.location(), state.resumable(), state.maxSeconds(),
                InboundCounter.restored(state.inboundBase(), state.inboundHandled()),
                UnackedQueue.restored(state.outboundBase(), state.outboundAcked(), unacked), state.boundJid(),
                state.resumptions(), state.updatedAt());
    }

    InboundCounter inbound() {
        return inbound;
    }

    UnackedQueue outbound() {
        return outbound;
    }

    Optional<String> id() {
        return id;
    }

    Optional<String> location() {
        return location;
    }

    Optional<String> boundJid() {
        return boundJid;
    }

    /** The login on this session completed: from now on it is worth resuming. */
    void established(String fullJid) {
        boundJid = Optional.of(fullJid);
    }

    /** The server offered resumption and our login completed (a half-done login is never resumed). */
    boolean resumable() {
        return !dead && resumeOffered && id.isPresent() && boundJid.isPresent();
    }

    /** The session cannot go on (the server refused to resume it, or a protocol error ended it). */
    void kill() {
        dead = true;
    }

    void alive(Instant now) {
        alive = now;
    }

    void resumed() {
        resumptions++;
        inbound.resumed(resumeHandled);
    }

    SmNonza.Resume resumeWith(long handled) {
        resumeHandled = handled;
        return new SmNonza.Resume(id.orElseThrow(), SmCounter.add(0, handled - inbound.base()));
    }

    /** The stored form; {@code newStanzas} are the queued stanzas not stored yet. */
    SmState toState(long handled, List<SmState.Stanza> newStanzas) {
        return new SmState(id, location, boundJid, resumable(), maxSeconds, inbound.base(), handled,
                outbound.base(), outbound.ackedCount(), outbound.sentCount(), resumptions, alive, newStanzas);
    }

    SmStatus status() {
        return new SmStatus(id, resumable(), inbound.handledCount() - inbound.base(),
                outbound.sentCount() - outbound.base(), outbound.size(), resumptions, location);
    }
}
