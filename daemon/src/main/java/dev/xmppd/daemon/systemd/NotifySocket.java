package dev.xmppd.daemon.systemd;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * A datagram Unix socket to systemd's {@code $NOTIFY_SOCKET} (sd_notify(3)). The JDK has Unix-domain stream sockets
 * only, so this calls libc's {@code socket}/{@code sendto}/{@code close} through the foreign function API. A path
 * starting with {@code @} is in the abstract namespace (its first byte becomes NUL, as sd_notify does).
 */
final class NotifySocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** struct sockaddr_un: sa_family_t sun_family; char sun_path[108]. */
    private static final int SUN_PATH_OFFSET = 2;
    private static final int SUN_PATH_SIZE = 108;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");
    private static final MethodHandle SOCKET = LINKER.downcallHandle(LIBC.find("socket").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO_OPTION);
    private static final MethodHandle SENDTO = LINKER.downcallHandle(LIBC.find("sendto").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), ERRNO_OPTION);
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LIBC.find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final String path;
    private final byte[] address;
    private final int fd;

    private NotifySocket(String path, byte[] address, int fd) {
        this.path = path;
        this.address = address;
        this.fd = fd;
    }

    static NotifySocket open(String path) throws IOException {
        byte[] address = address(path);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("cannot create a datagram socket for NOTIFY_SOCKET " + path + ": errno "
                        + (int) ERRNO.get(state, 0L));
            }
            return new NotifySocket(path, address, fd);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("socket(2) failed", t);
        }
    }

    /** The sockaddr_un bytes for {@code path}; {@code @name} is the abstract name {@code \0name}. */
    static byte[] address(String path) throws IOException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path.startsWith("@");
        if (!abstractName && !path.startsWith("/")) {
            throw new IOException("NOTIFY_SOCKET must be an absolute path or start with @, not '" + path + "'");
        }
        // A path needs its terminating NUL inside sun_path; an abstract name is exactly as long as it is.
        int pathLength = abstractName ? name.length : name.length + 1;
        if (pathLength > SUN_PATH_SIZE) {
            throw new IOException("NOTIFY_SOCKET is longer than " + (SUN_PATH_SIZE - 1) + " bytes: " + path);
        }
        byte[] address = new byte[SUN_PATH_OFFSET + pathLength];
        address[0] = (byte) AF_UNIX; // sun_family in host (little-endian) byte order
        System.arraycopy(name, 0, address, SUN_PATH_OFFSET, name.length);
        if (abstractName) {
            address[SUN_PATH_OFFSET] = 0;
        }
        return address;
    }

    /** Sends one datagram; systemd reads it as newline-separated VARIABLE=value assignments. */
    void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment buffer = arena.allocateFrom(JAVA_BYTE, bytes);
            MemorySegment to = arena.allocateFrom(JAVA_BYTE, address);
            long sent = (long) SENDTO.invokeExact(state, fd, buffer, (long) bytes.length, MSG_NOSIGNAL, to,
                    address.length);
            if (sent < 0) {
                throw new IOException("sending to NOTIFY_SOCKET " + path + " failed: errno " + (int) ERRNO.get(state, 0L));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("sendto(2) failed", t);
        }
    }

    @Override
    public void close() {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            // Closing a datagram socket that sent its last message: nothing to recover.
        }
    }
}
