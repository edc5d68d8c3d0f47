package dev.xmppd.daemon.config;

/** The configuration cannot be used; the message names the key and where it was set (file: line). */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
