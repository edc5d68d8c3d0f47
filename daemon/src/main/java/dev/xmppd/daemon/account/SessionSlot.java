package dev.xmppd.daemon.account;

import dev.xmppd.daemon.login.LoginContext;
import java.util.Optional;
import java.util.function.Function;

/**
 * The account's {@link Session} across connections (XEP-0198): when a connection is lost while stream management
 * may resume the session, the session is kept with its pending requests; a resumption takes it up again, a new
 * login replaces it. After a restart of the daemon there is no kept session: a resumption rebuilds it from what
 * the store knows. Confined to the account's actor.
 */
final class SessionSlot {

    private final Function<LoginContext, Session> create;
    private Optional<Session> kept = Optional.empty();

    SessionSlot(Function<LoginContext, Session> create) {
        this.create = create;
    }

    /** A full login: a new session; a kept one is over, its requests fail. */
    Session fresh(LoginContext login) {
        kept.ifPresent(s -> s.failPending("the server could not resume the session"));
        kept = Optional.empty();
        return create.apply(login);
    }

    /**
     * XEP-0198 §5: the kept session goes on; without one (a restarted daemon), one made from {@code offline} (the
     * stored roster, blocklist and disco) with what the resumed stream says (TLS, features, the bound JID).
     */
    Session resumed(LoginContext resumed, LoginContext offline) {
        Session session = kept.orElseGet(() -> create.apply(offline.withTls(resumed.tls().orElseThrow())
                .withFeatures(resumed.features()).withBoundJid(resumed.boundJid().orElseThrow())));
        kept = Optional.empty();
        return session;
    }

    /** The connection is lost: keep the session if it may be resumed, else end it. */
    void lost(Session session, boolean resumable) {
        if (resumable) {
            kept = Optional.of(session);
        } else {
            session.failPending("the connection was lost");
        }
    }

    Optional<Session> kept() {
        return kept;
    }

    /**
     * A request while the account is not online: a message waits in the kept session's queue (sent on resumption,
     * or after a new login), the client state is kept for the next login; anything else needs the server.
     */
    void whileOffline(Accounts.AccountRequest request, StatusBoard board, String jid) {
        switch (request) {
            case Accounts.SetClientState state -> {
                board.clientState(state.state());
                state.replyTo().tell(Accounts.Done.INSTANCE);
            }
            case Accounts.Send send when kept.isPresent() -> kept.get().request(send);
            default -> request.replyTo().tell(new Accounts.Rejected(Accounts.Reason.NOT_ONLINE,
                    jid + " is not online; see xmppctl status"));
        }
    }
}
