package dev.xmppd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.ctl.Json;
import dev.xmppd.testbed.Account;
import dev.xmppd.testbed.XmppServer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/**
 * Logins one after the other through the whole recap (connect, STARTTLS, SASL, bind, stream management, disco,
 * roster, carbons, presence), each with a fresh account, in an already running process; the first {@code warmup}
 * are not counted. xmppd: from the {@code account.add} call to the moment the daemon marks the account online
 * (its status {@code since}; the daemon's recap also fetches the blocklist and starts the archive catch-up), in a
 * running bin/xmppd. Smack: {@link SmackLogin} in this JVM. slixmpp: {@code slixmpp_logins.py}, one Python process.
 */
final class Logins {

    private Logins() {
    }

    /** Measured login times in milliseconds. */
    record Timings(List<Double> millis) {
        Timings {
            millis = millis.stream().sorted().toList();
            if (millis.isEmpty()) {
                throw new IllegalArgumentException("no logins measured");
            }
        }

        double median() {
            int n = millis.size();
            return n % 2 == 1 ? millis.get(n / 2) : (millis.get(n / 2 - 1) + millis.get(n / 2)) / 2;
        }

        /** Nearest rank. */
        double p95() {
            return millis.get((int) Math.ceil(0.95 * millis.size()) - 1);
        }
    }

    static Timings xmppd(XmppdProcess daemon, XmppServer server, List<Account> accounts, int warmup)
            throws Exception {
        Path password = daemon.socket().getParent().getParent().resolve("logins.password");
        Files.writeString(password, accounts.getFirst().password() + "\n");
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            Account account = accounts.get(i);
            Instant start = Instant.now();
            daemon.call("account.add", Json.object().put("jid", account.jid()).put("passwordFile", password.toString())
                    .put("host", server.host()).put("port", server.starttlsPort())
                    .put("trustedCert", server.certificatePem().toString()).put("resource", "xmppd"));
            Instant online = awaitOnline(daemon, account.jid());
            daemon.call("account.remove", Json.object().put("jid", account.jid()));
            if (i >= warmup) {
                millis.add(Duration.between(start, online).toNanos() / 1e6);
            }
        }
        return new Timings(millis);
    }

    static Timings smack(XmppServer server, List<Account> accounts, int warmup) throws Exception {
        SmackLogin smack = SmackLogin.of(server.host(), server.starttlsPort(), server.domain(),
                server.certificatePem());
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < accounts.size(); i++) {
            long start = System.nanoTime();
            XMPPTCPConnection connection = smack.login(accounts.get(i).user(), accounts.get(i).password(), "smack",
                    Duration.ofSeconds(60));
            long nanos = System.nanoTime() - start;
            connection.disconnect();
            if (i >= warmup) {
                millis.add(nanos / 1e6);
            }
        }
        return new Timings(millis);
    }

    static Timings slixmpp(Path dir, XmppServer server, List<Account> accounts, int warmup) throws Exception {
        Path script = dir.resolve("slixmpp_logins.py");
        try (InputStream in = Logins.class.getResourceAsStream("slixmpp_logins.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path password = XmppdProcess.passwordFile(dir, "slixmpp", accounts.getFirst().password());
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), server.host(),
                Integer.toString(server.starttlsPort()), server.certificatePem().toString(), password.toString(),
                Integer.toString(warmup)));
        accounts.forEach(a -> command.add(a.jid()));
        Process python = new ProcessBuilder(command).redirectError(dir.resolve("slixmpp.log").toFile()).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!python.waitFor(10, TimeUnit.MINUTES) || python.exitValue() != 0 || !out.contains("millis")) {
            throw new IllegalStateException("slixmpp logins failed: " + out + "\n"
                    + Files.readString(dir.resolve("slixmpp.log")));
        }
        List<Double> millis = new ArrayList<>();
        Json.MAPPER.readTree(out).path("millis").forEach(m -> millis.add(m.asDouble()));
        return new Timings(millis);
    }

    private static Instant awaitOnline(XmppdProcess daemon, String jid) {
        AtomicReference<Instant> since = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
            Optional<JsonNode> account = find(daemon.call("status"), jid);
            if (account.isPresent() && account.get().path("state").asText().equals("online")) {
                since.set(Instant.parse(account.get().path("since").asText()));
                return true;
            }
            return false;
        });
        return since.get();
    }

    private static Optional<JsonNode> find(JsonNode status, String jid) {
        for (JsonNode account : status.path("accounts")) {
            if (account.path("jid").asText().equals(jid)) {
                return Optional.of(account);
            }
        }
        return Optional.empty();
    }
}
