package dev.xmppd.daemon.archive;

import dev.xmppd.daemon.config.ArchiveSettings;
import dev.xmppd.daemon.store.ArchiveStore;
import org.apache.pekko.actor.typed.ActorRef;

/** What every account's {@link ArchiveSync} shares: the archive store, the archive settings and the event hub. */
public record ArchiveWiring(ActorRef<ArchiveStore.Command> store, ArchiveSettings settings, ArchiveEvents events) {
}
