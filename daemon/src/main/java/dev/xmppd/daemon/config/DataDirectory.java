package dev.xmppd.daemon.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the database and secrets live when {@code xmppd.data-dir} is not set: systemd's
 * {@code $STATE_DIRECTORY} (StateDirectory=xmppd gives /var/lib/xmppd), else {@code $XDG_DATA_HOME/xmppd},
 * else {@code ~/.local/share/xmppd} (XDG Base Directory spec default).
 */
public final class DataDirectory {
    private DataDirectory() {
    }

    public static Path resolve(Map<String, String> env, Path home) {
        String state = env.get("STATE_DIRECTORY");
        if (state != null && !state.isBlank()) {
            // systemd passes a colon-separated list when several StateDirectory= are given; ours is the first.
            return Path.of(state.split(":")[0]);
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "xmppd");
        }
        return home.resolve(".local/share/xmppd");
    }
}
