package dev.xmppd.daemon.config;

/** {@code xmppd.log-format}: human text on a terminal, or one JSON object per line for journald/log shippers. */
public enum LogFormat {
    TEXT, JSON
}
