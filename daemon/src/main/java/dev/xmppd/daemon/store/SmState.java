package dev.xmppd.daemon.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the store keeps of an account's XEP-0198 session: enough to resume it after a restart of the daemon
 * ({@code resumable}), or, for a session that cannot be resumed, the stanzas it still owes, to be resent after
 * the next login. Counts are absolute (they never restart for the account); the wire's {@code h} is a count
 * minus its base, modulo 2^32.
 *
 * @param resumptionId the {@code <enabled id/>}, if the server gave one
 * @param boundJid     the session's full JID, once its login completed
 * @param maxSeconds   the server's resumption timeout ({@code <enabled max/>}), if it said
 * @param unacked      the stanzas after {@code outboundAcked}, by position
 * @param updatedAt    when this was written: the session was alive then
 */
public record SmState(Optional<String> resumptionId, Optional<String> location, Optional<String> boundJid,
                      boolean resumable, OptionalLong maxSeconds, long inboundBase, long inboundHandled,
                      long outboundBase, long outboundAcked, long outboundSent, int resumptions, Instant updatedAt,
                      List<Stanza> unacked) {

    public SmState {
        Objects.requireNonNull(resumptionId, "resumptionId");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(boundJid, "boundJid");
        Objects.requireNonNull(maxSeconds, "maxSeconds");
        Objects.requireNonNull(updatedAt, "updatedAt");
        unacked = List.copyOf(unacked);
    }

    /** An outbound stanza as written on the wire, at its absolute position. */
    public record Stanza(long position, String xml) {
        public Stanza {
            Objects.requireNonNull(xml, "xml");
        }
    }

    /** The same state with other stanzas: a write carries only those not stored yet. */
    public SmState withUnacked(List<Stanza> stanzas) {
        return new SmState(resumptionId, location, boundJid, resumable, maxSeconds, inboundBase, inboundHandled,
                outboundBase, outboundAcked, outboundSent, resumptions, updatedAt, stanzas);
    }
}
