package dev.xmppd.daemon.account;

import dev.xmppd.daemon.archive.ArchiveSync;
import dev.xmppd.daemon.login.BlocklistPush;
import dev.xmppd.daemon.login.IqResponder;
import dev.xmppd.daemon.login.IqTracker;
import dev.xmppd.daemon.login.LoginContext;
import dev.xmppd.daemon.login.LoginFailure;
import dev.xmppd.daemon.login.PresenceStep;
import dev.xmppd.daemon.login.RosterPush;
import dev.xmppd.daemon.store.RosterItem;
import dev.xmppd.daemon.store.Store;
import dev.xmppd.protocol.ext.csi.ClientState;
import dev.xmppd.protocol.ext.sid.OriginId;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.stanza.Message;
import dev.xmppd.protocol.stanza.Presence;
import dev.xmppd.protocol.stanza.Stanza;
import dev.xmppd.protocol.stanza.StanzaError;
import dev.xmppd.protocol.stanza.StanzaIds;
import dev.xmppd.protocol.xml.Element;
import dev.xmppd.protocol.xml.StreamEvent;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * An online stream after login, split by concern like mellium's session: requests we make for the
 * user (messages, presence, roster and blocklist changes, matched by {@link IqTracker}), requests the
 * server makes (roster and blocklist pushes, kept in memory and the store; disco and ping answered),
 * and the end of the stream. Stanzas go out through stream management ({@code out}), and every stanza read is
 * reported {@code handled} with its XEP-0198 number once processed (messages: once the archive committed them).
 * A session outlives its connection when stream management resumes it. Confined to its {@link Account} actor.
 */
final class Session {

    private final Consumer<Element> out;
    private final LongConsumer handled;
    private final ActorRef<Store.Command> store;
    private final ActorRef<Store.Result> storeReplies;
    private final ActorRef<ArchiveSync.Command> archive;
    private final Logger log;
    private final IqTracker<Accounts.AccountRequest> pending = new IqTracker<>();
    private LoginContext login;

    Session(Consumer<Element> out, LongConsumer handled, LoginContext login, ActorRef<Store.Command> store,
            ActorRef<Store.Result> storeReplies, ActorRef<ArchiveSync.Command> archive, Logger log) {
        this.out = out;
        this.handled = handled;
        this.login = login;
        this.store = store;
        this.storeReplies = storeReplies;
        this.archive = archive;
        this.log = log;
    }

    LoginContext login() {
        return login;
    }

    /** What the login learned goes to the store, so status, roster and disco work while offline too. */
    void persistLogin() {
        String account = login.account().toString();
        store.tell(new Store.ReplaceRoster(account, login.roster(), login.rosterVersion(), storeReplies));
        store.tell(new Store.ReplaceBlocklist(account, login.blocklist(), storeReplies));
        store.tell(new Store.ReplaceDisco(account, login.disco(), storeReplies));
    }

    /** Handles one thing read from the stream ({@code seq}: its XEP-0198 number); a failure when the stream ended. */
    Optional<LoginFailure> onEvent(StreamEvent event, long seq) {
        return switch (event) {
            case StreamEvent.ElementReceived(Element e) when e.is("error", "http://etherx.jabber.org/streams") -> {
                String condition = e.childIn(dev.xmppd.protocol.xml.StreamErrorCondition.NAMESPACE)
                        .filter(c -> !c.name().equals("text")).map(Element::name).orElse("undefined-condition");
                Optional<String> redirect = condition.equals("see-other-host")
                        ? e.childText("see-other-host", dev.xmppd.protocol.xml.StreamErrorCondition.NAMESPACE)
                        : Optional.empty();
                yield Optional.of(LoginFailure.streamError(condition,
                        e.childText("text", dev.xmppd.protocol.xml.StreamErrorCondition.NAMESPACE).orElse(""),
                        redirect));
            }
            case StreamEvent.ElementReceived(Element e) -> {
                onElement(e, seq);
                yield Optional.empty();
            }
            case StreamEvent.StreamClosed closed -> Optional.of(LoginFailure.network("the server closed the stream"));
            case StreamEvent.StreamFailed failed -> Optional.of(LoginFailure.protocol("unreadable XML from the server ("
                    + failed.detail() + ")"));
            case StreamEvent.StreamOpened opened -> Optional.of(LoginFailure.protocol("unexpected stream restart"));
        };
    }

    private void onElement(Element element, long seq) {
        Optional<Stanza> stanza = Stanza.of(element);
        if (stanza.isEmpty()) {
            log.debug("ignoring nonza <{}/>", element.name());
            return;
        }
        switch (stanza.get()) {
            case Iq iq when iq.isRequest() -> onRequest(iq);
            case Iq iq -> onResponse(iq);
            // Live messages, carbons and MAM results: ArchiveSync reports the seq handled once they are committed.
            case Message message -> archive.tell(new ArchiveSync.Inbound(message, seq));
            // Presence is not archived; ArchiveSync watches it for the rooms it joins.
            case Presence presence -> archive.tell(new ArchiveSync.PresenceReceived(presence));
        }
        if (!(stanza.get() instanceof Message)) {
            handled.accept(seq);
        }
    }

    private void onRequest(Iq iq) {
        Optional<RosterPush> roster = RosterPush.parse(iq, login.account());
        if (roster.isPresent()) {
            apply(roster.get());
            out.accept(Iq.result(iq).element());
            return;
        }
        Optional<BlocklistPush> blocks = BlocklistPush.parse(iq, login.account());
        if (blocks.isPresent()) {
            apply(blocks.get());
            out.accept(Iq.result(iq).element());
            return;
        }
        if (RosterPush.isRosterSet(iq) || BlocklistPush.isBlockingSet(iq)) {
            log.warn("refusing a roster/blocklist push from {}: only our own account may send one (RFC 6121 §2.1.6)",
                    iq.rawFrom().orElse("?"));
        }
        out.accept(IqResponder.answer(iq));
    }

    private void apply(RosterPush push) {
        login = login.withRoster(push.applyTo(login.roster()), push.version().or(login::rosterVersion));
        store.tell(new Store.ApplyRosterPush(login.account().toString(), push.item(), push.version(), storeReplies));
    }

    private void apply(BlocklistPush push) {
        login = login.withBlocklist(push.applyTo(login.blocklist()));
        store.tell(new Store.ApplyBlockPush(login.account().toString(), push.block() ? push.jids() : List.of(),
                push.block() ? List.of() : push.jids(), push.unblockAll(), storeReplies));
    }

    /**
     * The server accepted our roster or blocklist change: apply it before replying, so that {@code roster} or
     * {@code blocklist} right after shows it. The server's push may come after its result (Prosody sends the result
     * first); when it comes it changes nothing more, and it alone brings the new roster version.
     */
    private void applyAccepted(Accounts.AccountRequest request) {
        switch (request) {
            case Accounts.RosterSet set -> {
                String contact = Jid.parse(set.jid()).bare().toString();
                Optional<RosterItem> existing = login.roster().stream().filter(i -> i.jid().equals(contact))
                        .findFirst();
                // RFC 6121 §2.3: the set replaces name and groups (we send none); the subscription is the server's.
                apply(new RosterPush(new RosterItem(contact, set.name().filter(n -> !n.isEmpty()),
                        existing.map(RosterItem::subscription).orElse("none"),
                        existing.map(RosterItem::askSubscribe).orElse(false), List.of()), Optional.empty()));
            }
            case Accounts.RosterRemove remove -> apply(new RosterPush(new RosterItem(
                    Jid.parse(remove.jid()).bare().toString(), Optional.empty(), RosterItem.REMOVE, false, List.of()),
                    Optional.empty()));
            case Accounts.Block block -> apply(new BlocklistPush(true, List.of(Jid.parse(block.jid()).toString())));
            case Accounts.Unblock unblock -> apply(new BlocklistPush(false,
                    List.of(Jid.parse(unblock.jid()).toString())));
            case Accounts.Send send -> { }
            case Accounts.SetPresence presence -> { }
            case Accounts.SetClientState state -> { }
        }
    }

    private void onResponse(Iq iq) {
        Optional<Accounts.AccountRequest> waiting = pending.match(iq.element(), login.self());
        if (waiting.isEmpty()) {
            // MAM pages and bookmarks: ArchiveSync matches them (id and sender) or ignores them.
            archive.tell(new ArchiveSync.IqReceived(iq));
            return;
        }
        if (iq.type() == IqType.RESULT) {
            applyAccepted(waiting.get());
            waiting.get().replyTo().tell(Accounts.Done.INSTANCE);
        } else {
            String condition = iq.error().map(e -> e.condition().elementName()).orElse("undefined-condition");
            waiting.get().replyTo().tell(new Accounts.Rejected(Accounts.Reason.SERVER_ERROR, "the server refused: "
                    + condition + iq.error().flatMap(StanzaError::text).map(t -> " (" + t + ")").orElse("")));
        }
    }

    /** Carries out a user's request; the id of a sent request when a response is awaited. */
    Optional<String> request(Accounts.AccountRequest request) {
        try {
            return switch (request) {
                case Accounts.Send send -> {
                    String id = StanzaIds.next();
                    // XEP-0359 §3: origin-id lets us recognise our own message in carbons and MAM.
                    Message message = Message.chat(Jid.parse(send.to()), send.body(), id).withChild(OriginId.element(id));
                    send(message.element());
                    archive.tell(new ArchiveSync.Sent(message));
                    send.replyTo().tell(Accounts.Done.INSTANCE);
                    yield Optional.empty();
                }
                case Accounts.SetPresence presence -> {
                    out.accept(PresenceStep.presence(presence.presence()));
                    presence.replyTo().tell(Accounts.Done.INSTANCE);
                    yield Optional.empty();
                }
                case Accounts.RosterSet set -> Optional.of(track(RosterPush.set(Jid.parse(set.jid()).bare(), set.name()),
                        set));
                case Accounts.RosterRemove remove -> Optional.of(track(RosterPush.remove(Jid.parse(remove.jid()).bare()),
                        remove));
                case Accounts.Block block -> Optional.of(track(BlocklistPush.request(true, Jid.parse(block.jid())),
                        block));
                case Accounts.Unblock unblock -> Optional.of(track(BlocklistPush.request(false, Jid.parse(unblock.jid())),
                        unblock));
                case Accounts.SetClientState state -> {
                    announce(state.state());
                    state.replyTo().tell(Accounts.Done.INSTANCE);
                    yield Optional.empty();
                }
            };
        } catch (dev.xmppd.protocol.jid.InvalidJidException e) {
            request.replyTo().tell(new Accounts.Rejected(Accounts.Reason.SERVER_ERROR, e.getMessage()));
            return Optional.empty();
        }
    }

    /** Sends a stanza on this stream (ArchiveSync's MAM queries and room joins come this way too). */
    void send(Element stanza) {
        out.accept(stanza);
    }

    /** XEP-0352: tells the server whether anyone is looking, when it offers client state indication. */
    void announce(ClientState state) {
        if (login.features().child("csi", ClientState.NAMESPACE).isPresent()) {
            out.accept(state.toElement());
        }
    }

    private String track(Element iq, Accounts.AccountRequest request) {
        pending.register(iq, request);
        out.accept(iq);
        return iq.attribute("id").orElseThrow();
    }

    void timedOut(String id) {
        pending.remove(id).ifPresent(request -> request.replyTo().tell(new Accounts.Rejected(Accounts.Reason.TIMEOUT,
                "the server did not answer in time")));
    }

    /** Ends the session politely: unavailable presence (RFC 6121 §4.5); stream management closes the stream. */
    void close() {
        out.accept(Presence.unavailable(Optional.empty()).element());
        failPending("the account went offline");
    }

    void failPending(String why) {
        pending.drain().values().forEach(request -> request.replyTo().tell(
                new Accounts.Rejected(Accounts.Reason.NOT_ONLINE, why)));
    }
}
