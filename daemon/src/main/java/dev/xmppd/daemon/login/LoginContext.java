package dev.xmppd.daemon.login;

import dev.xmppd.daemon.net.TlsSession;
import dev.xmppd.daemon.store.DiscoInfo;
import dev.xmppd.daemon.store.RosterItem;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one login has learned so far, immutable: each step returns an updated copy. The phase
 * (RFC 6120 §4.3: before TLS, secured, authenticated) follows from {@code tls} and {@code authenticated}.
 *
 * @param features   the last {@code <stream:features/>} received
 * @param completed  names of the steps done in this login
 * @param disco      disco#info of the server, the account, then each server item (XEP-0030)
 * @param serverItems the JIDs of the server's disco#items
 */
public record LoginContext(LoginSettings settings, Optional<TlsSession> tls, boolean authenticated,
                           Optional<Jid> boundJid, Element features, Set<String> completed,
                           List<DiscoInfo> disco, List<String> serverItems,
                           List<RosterItem> roster, Optional<String> rosterVersion,
                           List<String> blocklist, boolean carbons, Optional<String> lastStanzaId) {

    public static final Element NO_FEATURES = Element.builder("features", "http://etherx.jabber.org/streams").build();

    /** The three phases of stream negotiation; a stream feature belongs to one of them. */
    public enum Phase { INSECURE, SECURED, AUTHENTICATED }

    public LoginContext {
        completed = Set.copyOf(completed);
        disco = List.copyOf(disco);
        serverItems = List.copyOf(serverItems);
        roster = List.copyOf(roster);
        blocklist = List.copyOf(blocklist);
    }

    /** A fresh login that knows the stored roster (for versioning, XEP-0237 / RFC 6121 §2.6). */
    public static LoginContext start(LoginSettings settings, Optional<TlsSession> tls, List<RosterItem> roster,
                                     Optional<String> rosterVersion) {
        return new LoginContext(settings, tls, false, Optional.empty(), NO_FEATURES, Set.of(), List.of(), List.of(),
                roster, rosterVersion, List.of(), false, Optional.empty());
    }

    public Phase phase() {
        if (tls.isEmpty()) {
            return Phase.INSECURE;
        }
        return authenticated ? Phase.AUTHENTICATED : Phase.SECURED;
    }

    public Jid account() {
        return settings.account();
    }

    /** The bound full JID, or the bare account JID before binding. */
    public Jid self() {
        return boundJid.orElse(settings.account());
    }

    public boolean isCompleted(String step) {
        return completed.contains(step);
    }

    public Optional<DiscoInfo> discoOf(String entity) {
        return disco.stream().filter(d -> d.entity().equals(entity)).findFirst();
    }

    /** Server features (XEP-0030 §3), plus the account's: carbons may be listed on either (seed slides). */
    public boolean serverHas(String feature) {
        return discoOf(account().domain()).map(d -> d.features().contains(feature)).orElse(false)
                || discoOf(account().toString()).map(d -> d.features().contains(feature)).orElse(false);
    }

    public LoginContext completing(String step) {
        Set<String> names = new HashSet<>(completed);
        names.add(step);
        return new LoginContext(settings, tls, authenticated, boundJid, features, names, disco, serverItems, roster,
                rosterVersion, blocklist, carbons, lastStanzaId);
    }

    public LoginContext withSettings(LoginSettings newSettings) {
        return new LoginContext(newSettings, tls, authenticated, boundJid, features, completed, disco, serverItems,
                roster, rosterVersion, blocklist, carbons, lastStanzaId);
    }

    /** Where this login gets the stream-management session waiting to be resumed, if one does ({@link QuickLogin}). */
    public LoginContext withResumption(Optional<SessionToResume.Source> resumption) {
        return withSettings(settings.withQuick(settings.quick().resuming(resumption)));
    }

    public LoginContext withTls(TlsSession session) {
        return new LoginContext(settings, Optional.of(session), authenticated, boundJid, features, completed, disco,
                serverItems, roster, rosterVersion, blocklist, carbons, lastStanzaId);
    }

    public LoginContext withAuthenticated() {
        return new LoginContext(settings, tls, true, boundJid, features, completed, disco, serverItems, roster,
                rosterVersion, blocklist, carbons, lastStanzaId);
    }

    public LoginContext withBoundJid(Jid jid) {
        return new LoginContext(settings, tls, authenticated, Optional.of(jid), features, completed, disco,
                serverItems, roster, rosterVersion, blocklist, carbons, lastStanzaId);
    }

    public LoginContext withFeatures(Element newFeatures) {
        return new LoginContext(settings, tls, authenticated, boundJid, newFeatures, completed, disco, serverItems,
                roster, rosterVersion, blocklist, carbons, lastStanzaId);
    }

    public LoginContext withDisco(List<DiscoInfo> infos, List<String> items) {
        return new LoginContext(settings, tls, authenticated, boundJid, features, completed, infos, items, roster,
                rosterVersion, blocklist, carbons, lastStanzaId);
    }

    public LoginContext withRoster(List<RosterItem> items, Optional<String> version) {
        return new LoginContext(settings, tls, authenticated, boundJid, features, completed, disco, serverItems,
                items, version, blocklist, carbons, lastStanzaId);
    }

    public LoginContext withBlocklist(List<String> jids) {
        return new LoginContext(settings, tls, authenticated, boundJid, features, completed, disco, serverItems,
                roster, rosterVersion, jids, carbons, lastStanzaId);
    }

    public LoginContext withCarbons(boolean enabled) {
        return new LoginContext(settings, tls, authenticated, boundJid, features, completed, disco, serverItems,
                roster, rosterVersion, blocklist, enabled, lastStanzaId);
    }

    public LoginContext withLastStanzaId(Optional<String> id) {
        return new LoginContext(settings, tls, authenticated, boundJid, features, completed, disco, serverItems,
                roster, rosterVersion, blocklist, carbons, id);
    }

    @Override
    public String toString() {
        return "LoginContext[" + self() + ", phase=" + phase() + ", completed=" + completed + "]";
    }
}
