package dev.xmppd.daemon.config;

import com.typesafe.config.Config;
import dev.xmppd.protocol.ext.csi.ClientState;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@code xmppd.stream} (see conf/xmppd.conf); every error names the key and where it was set. */
final class StreamSettingsReader {
    private static final Set<String> KEYS = Set.of("ack-every", "ack-delay", "probe-after", "probe-timeout",
            "resume-after-restart", "client-state");

    private StreamSettingsReader() {
    }

    static StreamSettings read(Config xmppd) {
        if (!xmppd.hasPath("stream")) {
            return StreamSettings.DEFAULTS;
        }
        Config s = xmppd.getConfig("stream");
        for (String key : s.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException("xmppd.stream." + key + ": unknown key; expected one of " + new TreeSet<>(KEYS)
                        + " (" + s.root().get(key).origin().description() + ")");
            }
        }
        StreamSettings d = StreamSettings.DEFAULTS;
        int ackEvery = s.hasPath("ack-every") ? s.getInt("ack-every") : d.ackEvery();
        if (ackEvery < 1) {
            throw invalid(s, "ack-every", "must be at least 1, not " + ackEvery);
        }
        return new StreamSettings(ackEvery, positive(s, "ack-delay", d.ackDelay()),
                positive(s, "probe-after", d.probeAfter()), positive(s, "probe-timeout", d.probeTimeout()),
                s.hasPath("resume-after-restart") ? s.getBoolean("resume-after-restart") : d.resumeAfterRestart(),
                clientState(s, d.clientState()));
    }

    private static Duration positive(Config s, String key, Duration fallback) {
        if (!s.hasPath(key)) {
            return fallback;
        }
        Duration value = s.getDuration(key);
        if (value.isNegative() || value.isZero()) {
            throw invalid(s, key, "must be positive, not " + s.getString(key));
        }
        return value;
    }

    private static ClientState clientState(Config s, ClientState fallback) {
        if (!s.hasPath("client-state")) {
            return fallback;
        }
        String value = s.getString("client-state");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "active" -> ClientState.ACTIVE;
            case "inactive" -> ClientState.INACTIVE;
            default -> throw invalid(s, "client-state", "must be active or inactive, not '" + value + "'");
        };
    }

    private static ConfigException invalid(Config s, String key, String problem) {
        return new ConfigException("xmppd.stream." + key + ": " + problem + " (" + s.getValue(key).origin().description()
                + ")");
    }
}
