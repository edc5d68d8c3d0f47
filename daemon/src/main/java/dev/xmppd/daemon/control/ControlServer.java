package dev.xmppd.daemon.control;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves JSON-RPC on the control socket bound by {@link ControlSocket#bind}. The accept loop and every connection
 * run on virtual threads, so the actor dispatcher never blocks; methods reach actors with {@code AskPattern.ask}.
 * A peer whose uid (SO_PEERCRED) is not ours is dropped before it can send anything. Stopping this actor closes
 * the socket, every connection, and removes the socket file.
 */
public final class ControlServer {
    public static final int MAX_LINE_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    /** The server has no inbound messages: it is stopped with its parent. */
    public interface Command {
    }

    private ControlServer() {
    }

    public static Behavior<Command> create(ServerSocketChannel server, Path socket, Map<String, ControlMethod> methods) {
        return create(server, socket, methods, MAX_LINE_BYTES);
    }

    static Behavior<Command> create(ServerSocketChannel server, Path socket, Map<String, ControlMethod> methods, int maxLine) {
        return Behaviors.setup(context -> {
            Set<ControlConnection> connections = ConcurrentHashMap.newKeySet();
            UserPrincipal self = Files.getOwner(socket);
            Map<String, ControlMethod> table = Map.copyOf(methods);
            Thread.ofVirtual().name("control-accept").start(() -> acceptLoop(server, self, table, maxLine, connections));
            context.getLog().info("control socket listening on {}", socket);
            return Behaviors.receive(Command.class)
                    .onSignal(PostStop.class, signal -> {
                        close(server, socket, connections);
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static void acceptLoop(ServerSocketChannel server, UserPrincipal self, Map<String, ControlMethod> methods,
                                   int maxLine, Set<ControlConnection> connections) {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("control socket accept failed: {}", e.getMessage());
                continue;
            }
            if (!samePeer(client, self)) {
                continue;
            }
            ControlConnection connection = new ControlConnection(client, methods, maxLine);
            connections.add(connection);
            connection.start();
            connections.removeIf(c -> !c.isOpen());
        }
    }

    /** The socket is 0600 already; SO_PEERCRED also stops a peer that got hold of a descriptor some other way. */
    private static boolean samePeer(SocketChannel client, UserPrincipal self) {
        try {
            UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (peer.user().equals(self)) {
                return true;
            }
            LOG.warn("control socket: refused a client running as {} (only {} may connect)", peer.user().getName(),
                    self.getName());
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("control socket: cannot read the peer's credentials, refusing it: {}", e.getMessage());
        }
        try {
            client.close();
        } catch (IOException e) {
            LOG.debug("closing a refused control client", e);
        }
        return false;
    }

    private static void close(ServerSocketChannel server, Path socket, Set<ControlConnection> connections) {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("closing the control socket {} failed: {}", socket, e.getMessage());
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(500);
        connections.forEach(c -> c.closeWhenWritten(deadline));
    }
}
