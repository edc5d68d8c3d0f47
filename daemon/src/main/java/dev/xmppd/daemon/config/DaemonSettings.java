package dev.xmppd.daemon.config;

import java.nio.file.Path;
import java.util.List;

/** Everything under {@code xmppd}, read once at start (see conf/xmppd.conf for each key). */
public record DaemonSettings(
        Path dataDir,
        Path controlSocket,
        LogFormat logFormat,
        List<AccountSettings> accounts,
        ReconnectSettings reconnect,
        ArchiveSettings archive,
        StreamSettings stream,
        StoreSettings store,
        ClusterSettings cluster) {

    public DaemonSettings {
        accounts = List.copyOf(accounts);
    }

    /** One daemon on its own (no cluster). */
    public DaemonSettings(Path dataDir, Path controlSocket, LogFormat logFormat, List<AccountSettings> accounts,
                          ReconnectSettings reconnect, ArchiveSettings archive, StreamSettings stream,
                          StoreSettings store) {
        this(dataDir, controlSocket, logFormat, accounts, reconnect, archive, stream, store, ClusterSettings.OFF);
    }

    /** With the default store (H2 in the data dir). */
    public DaemonSettings(Path dataDir, Path controlSocket, LogFormat logFormat, List<AccountSettings> accounts,
                          ReconnectSettings reconnect, ArchiveSettings archive, StreamSettings stream) {
        this(dataDir, controlSocket, logFormat, accounts, reconnect, archive, stream, StoreSettings.H2);
    }

    /** With the default stream settings. */
    public DaemonSettings(Path dataDir, Path controlSocket, LogFormat logFormat, List<AccountSettings> accounts,
                          ReconnectSettings reconnect, ArchiveSettings archive) {
        this(dataDir, controlSocket, logFormat, accounts, reconnect, archive, StreamSettings.DEFAULTS);
    }

    /** With the default archive settings. */
    public DaemonSettings(Path dataDir, Path controlSocket, LogFormat logFormat, List<AccountSettings> accounts,
                          ReconnectSettings reconnect) {
        this(dataDir, controlSocket, logFormat, accounts, reconnect, ArchiveSettings.DEFAULTS);
    }

    /** The H2 database file prefix (H2 adds {@code .mv.db}); unused when the store is PostgreSQL. */
    public Path databaseFile() {
        return dataDir.resolve("xmppd");
    }

    /** Passwords given at runtime, one 0600 file per account. */
    public Path secretsDir() {
        return dataDir.resolve("secrets");
    }
}
