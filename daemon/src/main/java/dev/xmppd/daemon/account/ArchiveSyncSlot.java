package dev.xmppd.daemon.account;

import dev.xmppd.daemon.archive.ArchiveSync;
import dev.xmppd.daemon.config.ArchiveSettings;
import dev.xmppd.daemon.login.LoginContext;
import dev.xmppd.daemon.login.LoginFailure;
import dev.xmppd.daemon.login.LoginStep;
import dev.xmppd.daemon.login.StepResult;
import dev.xmppd.daemon.store.ArchiveStore;
import dev.xmppd.protocol.ext.mam.MamQuery;
import dev.xmppd.protocol.xml.Element;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The two places of XEP-0313 archive sync in the login (recap step 8). {@link Phase#BEFORE_PRESENCE}: the last
 * stanza-id of the own archive is read, and the range to fetch from it recorded in the sync ledger, before initial
 * presence; from presence on, messages come live, so together nothing is missed. {@link Phase#AFTER_PRESENCE}
 * marks where the catch-up starts: the account hands the session to its {@link ArchiveSync}, which pages the
 * ledger's ranges while live messages keep being stored.
 */
final class ArchiveSyncSlot implements LoginStep {

    enum Phase { BEFORE_PRESENCE, AFTER_PRESENCE }

    private final Phase phase;
    private final ActorRef<ArchiveStore.Command> store;
    private final ArchiveSettings settings;
    private final Scheduler scheduler;

    ArchiveSyncSlot(Phase phase, ActorRef<ArchiveStore.Command> store, ArchiveSettings settings, Scheduler scheduler) {
        this.phase = phase;
        this.store = store;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return phase == Phase.BEFORE_PRESENCE ? "archive-last-id" : "archive-catch-up";
    }

    /** Only when the account's server keeps an archive (XEP-0313 §7: the feature on the account's bare JID). */
    @Override
    public boolean applies(LoginContext context) {
        return hasArchive(context);
    }

    static boolean hasArchive(LoginContext context) {
        return context.serverHas(MamQuery.FEATURE);
    }

    @Override
    public StepResult start(LoginContext context) {
        if (phase == Phase.AFTER_PRESENCE) {
            return new StepResult.Done(context, List.of());
        }
        String account = context.account().toString();
        return new StepResult.Later(AskPattern.<ArchiveStore.Command, ArchiveStore.PrepareResult>ask(store,
                        r -> new ArchiveStore.PrepareCatchUp(account, account, settings.firstSync(), r),
                        Duration.ofSeconds(20), scheduler)
                .thenApply(result -> switch (result) {
                    case ArchiveStore.Prepared p -> new StepResult.Done(context.withLastStanzaId(p.lastStanzaId()),
                            List.of());
                    case ArchiveStore.Failed f -> StepResult.fail(LoginFailure.protocol(
                            "cannot read the archive's sync state: " + f.message()));
                }));
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        return new StepResult.Done(context, List.of());
    }
}
