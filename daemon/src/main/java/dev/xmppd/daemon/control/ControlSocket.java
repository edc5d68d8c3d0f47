package dev.xmppd.daemon.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Binds the control socket safely. The directory is ours and 0700 (created so, or refused when it exists with another
 * owner, group/other access, or as a symlink), so nobody else can reach the socket even before it is chmod 0600.
 * A socket file left by a dead daemon is removed; a live daemon on it makes this start fail.
 */
public final class ControlSocket {
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-------");

    private ControlSocket() {
    }

    /** Thrown when the daemon must not start; the message says what is wrong and what to do. */
    public static final class RefusedException extends IOException {
        public RefusedException(String message) {
            super(message);
        }
    }

    public static ServerSocketChannel bind(Path socket) throws IOException {
        Path path = socket.toAbsolutePath();
        prepareDirectory(path.getParent());
        removeStale(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, SOCKET_MODE);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on control socket " + path + ": " + e.getMessage(), e);
        }
        return server;
    }

    /** The effective uid of this process, read from /proc/self, which the kernel gives our credentials. */
    public static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read our uid from /proc/self", e);
        }
    }

    static void prepareDirectory(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new RefusedException("control socket directory " + dir + " is a symlink; refusing to use it."
                    + " Remove it or set xmppd.control.socket to a path in a directory owned by this user");
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE); // the umask may have narrowed the mode at creation
        }
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new RefusedException("control socket directory " + dir + " exists but is not a directory");
        }
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != currentUid()) {
            throw new RefusedException("control socket directory " + dir + " is owned by uid " + owner + ", not by us (uid "
                    + currentUid() + "); refusing to use it. Remove it or run xmppd as its owner");
        }
        Set<PosixFilePermission> extra = EnumSet.copyOf(attributes.permissions());
        extra.removeAll(DIR_MODE);
        if (!extra.isEmpty()) {
            throw new RefusedException("control socket directory " + dir + " has mode "
                    + PosixFilePermissions.toString(attributes.permissions()) + " but must be rwx------ (0700);"
                    + " run 'chmod 700 " + dir + "' or remove it");
        }
    }

    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isOther()) {
            throw new RefusedException(path + " exists and is not a socket; refusing to replace it");
        }
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
            throw new RefusedException("another xmppd is already running on " + path
                    + "; stop it first (xmppctl shutdown) or use another xmppd.control.socket");
        } catch (RefusedException e) {
            throw e;
        } catch (IOException e) {
            Files.delete(path); // nobody listens: left over by a daemon that died
        }
    }
}
