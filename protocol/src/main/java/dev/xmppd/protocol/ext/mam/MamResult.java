package dev.xmppd.protocol.ext.mam;

import dev.xmppd.protocol.ext.delay.Delay;
import dev.xmppd.protocol.ext.forward.Forwarded;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Message;
import dev.xmppd.protocol.xml.Element;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One archived message as the archive sends it during a query (XEP-0313 §4.2): a message holding
 * {@code <result queryid id>} around the forwarded original. {@code id} is the archive's stanza id.
 */
public record MamResult(Optional<String> queryId, String id, Forwarded forwarded) {

    public MamResult {
        Objects.requireNonNull(queryId, "queryId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(forwarded, "forwarded");
    }

    /**
     * The result in {@code outer}; empty when there is none or it lacks an id or a forwarded message. Results
     * are only genuine from the archive queried: check {@link #isFromArchive(Message, Jid)}.
     */
    public static Optional<MamResult> parse(Message outer) {
        return outer.element().child("result", MamQuery.NAMESPACE).flatMap(r -> {
            Optional<String> id = r.attribute("id").filter(s -> !s.isEmpty());
            Optional<Forwarded> forwarded = Forwarded.in(r);
            if (id.isEmpty() || forwarded.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new MamResult(r.attribute("queryid"), id.get(), forwarded.get()));
        });
    }

    /** XEP-0313 §5: results come from the archive's bare JID (absent from = our own account's archive). */
    public static boolean isFromArchive(Message outer, Jid archive) {
        if (outer.rawFrom().isEmpty()) {
            return true;
        }
        return outer.from().map(f -> f.equals(archive.bare())).orElse(false);
    }

    public Message message() {
        return forwarded.message();
    }

    /** When the archive stored the message (its delay stamp). */
    public Optional<Instant> timestamp() {
        return forwarded.delay().map(Delay::stamp);
    }

    /** The element form, a {@code <result/>} for wrapping in a message (tests, servers). */
    public Element toElement() {
        return Element.builder("result", MamQuery.NAMESPACE)
                .attribute("queryid", queryId.orElse(null))
                .attribute("id", id)
                .child(forwarded.toElement())
                .build();
    }
}
