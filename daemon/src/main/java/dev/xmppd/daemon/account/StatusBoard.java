package dev.xmppd.daemon.account;

import dev.xmppd.daemon.account.Accounts.AccountState;
import dev.xmppd.daemon.archive.ArchiveEvents;
import dev.xmppd.daemon.login.LoginSummary;
import dev.xmppd.daemon.sm.SmStatus;
import dev.xmppd.protocol.ext.csi.ClientState;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What {@link Account} tells {@link Accounts} (and the archive's event feed) about itself: its state, the last
 * error (kept through reconnect attempts until it is online again, so status says why it is not), and its stream
 * (XEP-0198 session, XEP-0352 client state). Confined to the account's actor.
 */
final class StatusBoard {

    private final String jid;
    private final long incarnation;
    private final ActorRef<Accounts.Command> parent;
    private final ArchiveEvents events;
    private final Clock clock;
    private Accounts.AccountStatus status;
    private Optional<String> lastError = Optional.empty();
    private SmStatus sm = SmStatus.NONE;
    private ClientState clientState;
    private Optional<LoginSummary> login = Optional.empty();

    StatusBoard(String jid, long incarnation, ActorRef<Accounts.Command> parent, ArchiveEvents events, Clock clock,
                ClientState clientState) {
        this.jid = jid;
        this.incarnation = incarnation;
        this.parent = parent;
        this.events = events;
        this.clock = clock;
        this.clientState = clientState;
        this.status = new Accounts.AccountStatus(jid, AccountState.OFFLINE, Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), clock.instant());
    }

    void publish(AccountState state, Optional<String> boundJid, Optional<String> server, List<String> features,
                 Optional<String> error) {
        if (error.isPresent() || state == AccountState.ONLINE) {
            lastError = error;
        }
        status = new Accounts.AccountStatus(jid, state, boundJid, server, features, lastError, clock.instant());
        republish();
        events.publish(new ArchiveEvents.StateChanged(jid, state.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                lastError));
    }

    void sm(SmStatus now) {
        sm = now;
        republish();
    }

    void clientState(ClientState now) {
        clientState = now;
        republish();
    }

    /** The last successful login's path and time. */
    void login(LoginSummary summary) {
        login = Optional.of(summary);
        republish();
    }

    SmStatus sm() {
        return sm;
    }

    ClientState clientState() {
        return clientState;
    }

    Optional<String> lastError() {
        return lastError;
    }

    private void republish() {
        parent.tell(new Accounts.StatusChanged(incarnation, status.withStream(sm, clientState).withLogin(login)));
    }
}
