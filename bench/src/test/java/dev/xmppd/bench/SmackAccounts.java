package dev.xmppd.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/**
 * The Smack side of "accounts online", run as its own JVM (as xmppd is): logs in every account of a file through
 * {@link SmackLogin}'s recap, {@code threads} logins at a time, prints {@code online <millis since start>} when all
 * are online, then keeps them until its standard input ends.
 *
 * <pre>java -cp ... dev.xmppd.bench.SmackAccounts ACCOUNTS_FILE THREADS</pre>
 * with one account a line: user, host, port, domain, certificate PEM, password, separated by tabs.
 */
public final class SmackAccounts {

    private SmackAccounts() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        List<String[]> accounts = Files.readAllLines(Path.of(args[0])).stream().map(l -> l.split("\t")).toList();
        int threads = Integer.parseInt(args[1]);
        Map<String, SmackLogin> servers = new HashMap<>();
        List<XMPPTCPConnection> connections = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<XMPPTCPConnection>> logins = new ArrayList<>();
            for (String[] a : accounts) {
                SmackLogin smack = servers.computeIfAbsent(a[2], port -> of(a[1], port, a[3], a[4]));
                logins.add(pool.submit(() -> smack.login(a[0], a[5], "smack", Duration.ofSeconds(120))));
            }
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

    private static SmackLogin of(String host, String port, String domain, String pem) {
        try {
            return SmackLogin.of(host, Integer.parseInt(port), domain, Path.of(pem));
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + pem, e);
        }
    }
}
