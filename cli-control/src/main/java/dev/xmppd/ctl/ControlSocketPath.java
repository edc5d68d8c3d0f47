package dev.xmppd.ctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Where the daemon's control socket is. The same order as the daemon's {@code dev.xmppd.daemon.config.ControlSocketPath}
 * (reimplemented here because xmppctl does not depend on the daemon; change both together):
 * <ol>
 * <li>{@code --socket PATH}</li>
 * <li>{@code XMPPD_CONTROL_SOCKET} (the daemon reads it into {@code xmppd.control.socket})</li>
 * <li>{@code $XDG_RUNTIME_DIR/xmppd/control.sock} (a user session)</li>
 * <li>uid 0: {@code /run/xmppd/control.sock} (the system service)</li>
 * <li>{@code /tmp/xmppd-<uid>/control.sock} (no runtime dir, e.g. a container)</li>
 * </ol>
 */
public final class ControlSocketPath {
    public static final String ENV = "XMPPD_CONTROL_SOCKET";

    private ControlSocketPath() {
    }

    /** @param uid asked for only when neither the option nor a variable gives the path */
    public static Path resolve(Optional<Path> option, Map<String, String> env, IntSupplier uid) {
        if (option.isPresent()) {
            return option.get();
        }
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Path.of(runtime).isAbsolute()) {
            return Path.of(runtime, "xmppd", "control.sock");
        }
        if (uid.getAsInt() == 0) {
            return Path.of("/run/xmppd/control.sock");
        }
        return Path.of("/tmp", "xmppd-" + uid.getAsInt(), "control.sock");
    }

    /** The effective uid of this process, as the daemon reads it (the kernel gives /proc/self our credentials). */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new CommandFailure(Xmppctl.EXIT_FAILED, "cannot read our uid from /proc/self (" + e.getMessage()
                    + "); give the socket with --socket PATH");
        }
    }
}
