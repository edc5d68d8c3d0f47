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
        StreamSettings stream) {

    public DaemonSettings {
        accounts = List.copyOf(accounts);
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

    /** The H2 database file prefix: H2 adds {@code .mv.db}. */
    public Path databaseFile() {
        return dataDir.resolve("xmppd");
    }

    /** Passwords given at runtime, one 0600 file per account. */
    public Path secretsDir() {
        return dataDir.resolve("secrets");
    }
}
