package dev.xmppd.daemon.login;

import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.stanza.Stanza;
import dev.xmppd.protocol.xml.Element;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Requests in flight, matched to their responses by id AND by sender (RFC 6120 §8.2.3, §10.1): a
 * response must come from the JID the request went to. A request without {@code to} (or to our own bare
 * JID or domain) is answered by our server, from nowhere, our bare JID or the domain. Anything else
 * with a known id is someone guessing ids: the caller ignores and logs it. Not thread-safe: one per actor.
 *
 * @param <T> what the caller wants back when the response arrives
 */
public final class IqTracker<T> {

    private record Pending<T>(Optional<Jid> to, T attachment) {
    }

    private final Map<String, Pending<T>> pending = new HashMap<>();

    /** Remembers an outgoing get or set; other elements are ignored. */
    public void register(Element request, T attachment) {
        Stanza.of(request).filter(s -> s instanceof Iq iq && iq.isRequest()).flatMap(Stanza::id)
                .ifPresent(id -> pending.put(id, new Pending<>(Stanza.of(request).flatMap(Stanza::to), attachment)));
    }

    /** True when {@code element} is an iq result or error: a response someone may be waiting for. */
    public static boolean isResponse(Element element) {
        return Stanza.of(element).filter(s -> s instanceof Iq iq && !iq.isRequest()).isPresent();
    }

    /** The attachment of the request this response answers, which is then forgotten. */
    public Optional<T> match(Element response, Jid self) {
        Optional<Stanza> stanza = Stanza.of(response);
        if (stanza.isEmpty() || !(stanza.get() instanceof Iq iq) || iq.type() == IqType.GET || iq.type() == IqType.SET) {
            return Optional.empty();
        }
        Pending<T> request = iq.id().map(pending::get).orElse(null);
        if (request == null || !fromExpected(iq, request.to(), self)) {
            return Optional.empty();
        }
        pending.remove(iq.id().orElseThrow());
        return Optional.of(request.attachment());
    }

    /** True when a response with this id is awaited (whoever sent it). */
    public boolean awaits(String id) {
        return pending.containsKey(id);
    }

    public Optional<T> remove(String id) {
        return Optional.ofNullable(pending.remove(id)).map(Pending::attachment);
    }

    public Map<String, T> drain() {
        Map<String, T> all = new HashMap<>();
        pending.forEach((id, p) -> all.put(id, p.attachment()));
        pending.clear();
        return all;
    }

    static boolean fromExpected(Iq response, Optional<Jid> requestTo, Jid self) {
        if (response.rawFrom().isPresent() && response.from().isEmpty()) {
            return false;
        }
        Optional<Jid> from = response.from();
        Jid bare = self.bare();
        Jid domain = self.domainJid();
        boolean toOwnServer = requestTo.isEmpty() || requestTo.get().equals(bare) || requestTo.get().equals(domain);
        if (toOwnServer) {
            return from.isEmpty() || from.get().equals(bare) || from.get().equals(domain) || from.get().equals(self);
        }
        return from.isPresent() && from.get().equals(requestTo.get());
    }
}
