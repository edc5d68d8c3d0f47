package dev.xmppd.daemon.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The default control socket path. The same rule lives in cli-control's {@code dev.xmppd.ctl.ControlSocketPath}
 * (xmppctl must not depend on the daemon); a cli-control test checks both agree. Change both together.
 * <ol>
 * <li>explicit: {@code xmppd.control.socket} (reference.conf reads {@code XMPPD_CONTROL_SOCKET})</li>
 * <li>{@code $XDG_RUNTIME_DIR/xmppd/control.sock} (a user session)</li>
 * <li>uid 0: {@code /run/xmppd/control.sock} (the system service)</li>
 * <li>{@code /tmp/xmppd-<uid>/control.sock} (no runtime dir, e.g. a container)</li>
 * </ol>
 */
public final class ControlSocketPath {
    private ControlSocketPath() {
    }

    public static Path resolve(Optional<String> explicit, Map<String, String> env, int uid) {
        if (explicit.isPresent() && !explicit.get().isBlank()) {
            return Path.of(explicit.get());
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Path.of(runtime).isAbsolute()) {
            return Path.of(runtime, "xmppd", "control.sock");
        }
        if (uid == 0) {
            return Path.of("/run/xmppd/control.sock");
        }
        return Path.of("/tmp", "xmppd-" + uid, "control.sock");
    }
}
