package dev.xmppd.daemon.store;

import dev.xmppd.daemon.config.AccountSettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything stored for one account, loaded once when its actor starts. */
public record AccountState(AccountSettings settings, Instant created, List<RosterItem> roster,
                           Optional<String> rosterVersion, List<String> blocklist, List<DiscoInfo> disco) {
    public AccountState {
        roster = List.copyOf(roster);
        blocklist = List.copyOf(blocklist);
        disco = List.copyOf(disco);
    }
}
