package dev.xmppd.daemon.archive;

import dev.xmppd.daemon.store.ArchivedMessage;
import dev.xmppd.daemon.store.ArchivedMessage.Direction;
import dev.xmppd.protocol.ext.carbons.Carbons;
import dev.xmppd.protocol.ext.delay.Delay;
import dev.xmppd.protocol.ext.forward.Forwarded;
import dev.xmppd.protocol.ext.mam.MamQuery;
import dev.xmppd.protocol.ext.mam.MamResult;
import dev.xmppd.protocol.ext.sid.OriginId;
import dev.xmppd.protocol.ext.sid.StanzaId;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Message;
import dev.xmppd.protocol.stanza.MessageType;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.XmlWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What an inbound {@code <message/>} means for the archive, decided from the stanza alone (pure, no I/O). The trust
 * rules live here: a stanza-id counts only when {@code by} is the archive it belongs to (XEP-0359 §5); a carbon only
 * when the wrapper comes from the account's bare JID (XEP-0280 §11, the CVE-2017-5589 class); a MAM result only with
 * the queryid of a query we have running and from the archive that query went to (XEP-0313 §5).
 */
public final class InboundMessage {

    /** The verdict on one stanza. */
    public sealed interface Verdict {
    }

    /** Store this message now. */
    public record Archive(ArchivedMessage message) implements Verdict {
    }

    /** A genuine result of the running query {@code queryId}: part of the page being collected. */
    public record Result(String queryId, ArchivedMessage message) implements Verdict {
    }

    /** Refused as forged or foreign; {@code reason} is for the log. */
    public record Drop(String reason) implements Verdict {
    }

    /** Not archived by design (errors, headlines, PEP events, room subjects). */
    public enum Ignore implements Verdict { INSTANCE }

    private static final String PUBSUB_EVENT = "http://jabber.org/protocol/pubsub#event";

    /**
     * What we know of the session when a stanza arrives.
     *
     * @param self    the bound full JID
     * @param queries running MAM queries: queryid → the archive asked (our bare JID or a room)
     * @param rooms   joined rooms (bare JID) → our nickname there
     */
    public record Context(Jid self, Map<String, Jid> queries, Map<Jid, String> rooms) {
        public Context {
            queries = Map.copyOf(queries);
            rooms = Map.copyOf(rooms);
        }

        Jid account() {
            return self.bare();
        }
    }

    private InboundMessage() {
    }

    public static Verdict classify(Message outer, Context context, Instant now) {
        Optional<Element> result = outer.element().child("result", MamQuery.NAMESPACE);
        if (result.isPresent()) {
            return mamResult(outer, context);
        }
        if (Carbons.isCarbon(outer)) {
            return carbon(outer, context, now);
        }
        MessageType type = outer.type();
        if (type == MessageType.ERROR || type == MessageType.HEADLINE
                || outer.element().child("event", PUBSUB_EVENT).isPresent()) {
            return Ignore.INSTANCE;
        }
        Optional<Jid> room = outer.from().map(Jid::bare).filter(context.rooms()::containsKey);
        if (room.isPresent() && type == MessageType.GROUPCHAT) {
            if (outer.body().isEmpty() && outer.subject().isPresent()) {
                return Ignore.INSTANCE;
            }
            return new Archive(roomMessage(outer, room.get(), context.rooms().get(room.get()),
                    Delay.in(outer.element()).map(Delay::stamp).orElse(now)));
        }
        if (type == MessageType.GROUPCHAT) {
            return new Drop("groupchat message from " + outer.rawFrom().orElse("?") + ", a room we have not joined");
        }
        return new Archive(own(outer, context.account(), StanzaId.assignedBy(outer.element(), context.account()),
                Delay.in(outer.element()).map(Delay::stamp).orElse(now)));
    }

    private static Verdict carbon(Message outer, Context context, Instant now) {
        if (!Carbons.isFromOwnAccount(outer, context.account())) {
            return new Drop("forged carbon from " + outer.rawFrom().orElse("?") + " (only " + context.account()
                    + " may send carbons)");
        }
        Optional<Carbons.CarbonCopy> copy = Carbons.parse(outer);
        if (copy.isEmpty()) {
            return new Drop("carbon without a forwarded message");
        }
        Message inner = copy.get().message();
        Instant stamp = copy.get().forwarded().delay().map(Delay::stamp)
                .or(() -> Delay.in(inner.element()).map(Delay::stamp)).orElse(now);
        return new Archive(own(inner, context.account(), StanzaId.assignedBy(inner.element(), context.account()),
                stamp));
    }

    private static Verdict mamResult(Message outer, Context context) {
        Optional<MamResult> parsed = MamResult.parse(outer);
        if (parsed.isEmpty()) {
            return new Drop("MAM result without an id or a forwarded message");
        }
        MamResult result = parsed.get();
        Optional<Jid> archive = result.queryId().map(context.queries()::get);
        if (archive.isEmpty()) {
            return new Drop("MAM result for a query we did not send (queryid " + result.queryId().orElse("none") + ")");
        }
        // MamResult.isFromArchive reads an absent from as the account's own archive: right only for that archive.
        boolean ownArchive = archive.get().equals(context.account());
        if (!MamResult.isFromArchive(outer, archive.get()) || (!ownArchive && outer.rawFrom().isEmpty())) {
            return new Drop("MAM result from " + outer.rawFrom().orElse("?") + " for the archive of " + archive.get());
        }
        Forwarded forwarded = result.forwarded();
        Instant stamp = forwarded.delay().map(Delay::stamp)
                .or(() -> Delay.in(forwarded.message().element()).map(Delay::stamp)).orElse(Instant.EPOCH);
        Jid archiveJid = archive.get();
        ArchivedMessage message = !ownArchive
                ? roomMessage(forwarded.message(), archiveJid, context.rooms().getOrDefault(archiveJid, ""), stamp)
                : own(forwarded.message(), context.account(), Optional.empty(), stamp);
        return new Result(result.queryId().orElseThrow(), message.withStanzaId(result.id()));
    }

    /** A message of the account's own archive: outgoing when it comes from the account. */
    static ArchivedMessage own(Message m, Jid account, Optional<String> stanzaId, Instant timestamp) {
        Optional<Jid> from = m.from();
        boolean outgoing = from.map(f -> f.bare().equals(account)).orElse(false);
        Jid peer = outgoing ? m.to().map(Jid::bare).orElse(account) : from.map(Jid::bare).orElse(account);
        return new ArchivedMessage(account.toString(), stanzaId, OriginId.of(m.element()), m.id(),
                outgoing ? Direction.OUT : Direction.IN, m.rawFrom().orElse(account.toString()),
                m.rawTo().orElse(account.toString()), peer.toString(), m.type().value(), m.thread(), m.body(),
                timestamp, XmlWriter.write(m.element()));
    }

    /** A message of a room's archive: ours when it comes from our nickname. */
    static ArchivedMessage roomMessage(Message m, Jid room, String nick, Instant timestamp) {
        boolean ours = !nick.isEmpty() && m.from().flatMap(Jid::resource).map(nick::equals).orElse(false);
        return new ArchivedMessage(room.toString(), StanzaId.assignedBy(m.element(), room), OriginId.of(m.element()),
                m.id(), ours ? Direction.OUT : Direction.IN, m.rawFrom().orElse(room.toString()),
                m.rawTo().orElse(""), room.toString(), m.type().value(), m.thread(), m.body(), timestamp,
                XmlWriter.write(m.element()));
    }
}
