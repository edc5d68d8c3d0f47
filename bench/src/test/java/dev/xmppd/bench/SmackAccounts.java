package dev.xmppd.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/**
 * The Smack side of "accounts online", run as its own JVM (as xmppd is): logs in every account of a file through
 * {@link SmackLogin}'s recap, {@code threads} logins at a time, prints {@code online <millis since start>} when all
 * are online, then keeps them until its standard input ends.
 *
 * <pre>java -cp ... dev.xmppd.bench.SmackAccounts HOST PORT DOMAIN CERT.pem PASSWORD_FILE USERS_FILE THREADS</pre>
 */
public final class SmackAccounts {

    private SmackAccounts() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        SmackLogin smack = SmackLogin.of(args[0], Integer.parseInt(args[1]), args[2], Path.of(args[3]));
        String password = Files.readString(Path.of(args[4])).strip();
        List<String> users = Files.readAllLines(Path.of(args[5]));
        int threads = Integer.parseInt(args[6]);
        List<XMPPTCPConnection> connections = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<XMPPTCPConnection>> logins = users.stream()
                    .map(user -> pool.submit(() -> smack.login(user, password, "smack", Duration.ofSeconds(120))))
                    .toList();
            for (Future<XMPPTCPConnection> login : logins) {
                connections.add(login.get());
            }
        }
        System.out.println("online " + (System.nanoTime() - start) / 1_000_000);
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // Held until the parent closes our input.
            }
        }
        connections.forEach(XMPPTCPConnection::disconnect);
    }
}
