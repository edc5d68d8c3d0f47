package dev.xmppd.daemon.account;

import dev.xmppd.daemon.login.LoginContext;
import dev.xmppd.daemon.login.LoginStep;
import dev.xmppd.daemon.login.StepResult;
import dev.xmppd.protocol.xml.Element;
import java.util.List;

/**
 * The two places of XEP-0313 archive sync in the login (recap step 8): the last stanza-id is read
 * {@link Phase#BEFORE_PRESENCE before} initial presence, so that messages arriving live after presence
 * and the catch-up query {@link Phase#AFTER_PRESENCE after} it neither miss nor double anything. The
 * ArchiveSync actor fills them; until then both complete at once.
 */
final class ArchiveSyncSlot implements LoginStep {

    enum Phase { BEFORE_PRESENCE, AFTER_PRESENCE }

    private final Phase phase;

    ArchiveSyncSlot(Phase phase) {
        this.phase = phase;
    }

    @Override
    public String name() {
        return phase == Phase.BEFORE_PRESENCE ? "archive-last-id" : "archive-catch-up";
    }

    @Override
    public StepResult start(LoginContext context) {
        return new StepResult.Done(context, List.of());
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        return new StepResult.Done(context, List.of());
    }
}
