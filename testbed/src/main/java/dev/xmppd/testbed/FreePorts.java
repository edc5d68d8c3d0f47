package dev.xmppd.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks free loopback TCP ports for a server's listeners.
 *
 * <p>All sockets of one request are held open together so the ports are distinct, then closed so
 * the server can bind them. Another process could in theory take a port in between; the kernel
 * hands out ephemeral ports in rotation, which makes that rare enough for tests.
 */
final class FreePorts {

    private FreePorts() {
    }

    static List<Integer> allocate(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                socket.setReuseAddress(true);
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot allocate free loopback ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the port is released when the socket is garbage; nothing to do here
                }
            }
        }
    }
}
