package dev.xmppd.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * What both servers share: the temporary directory owned by the server's system user, ports,
 * certificate, the process lifecycle, account naming and log scanning.
 */
abstract sealed class BaseServer implements XmppServer permits ProsodyServer, EjabberdServer {

    static final String DOMAIN = "localhost";
    static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration LOG_POLL = Duration.ofMillis(50);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final String systemUser;
    private final Path directory;
    private final TestCertificate certificate;
    private final AtomicInteger accountCounter = new AtomicInteger();
    private ServerProcess process;

    BaseServer(String name, String systemUser, String certificateName) {
        this.name = name;
        this.systemUser = systemUser;
        this.directory = createDirectory(name);
        this.certificate = TestCertificate.generate(directory, certificateName);
    }

    /** Launches the server process (ports and config already in place). */
    abstract ServerProcess launch();

    /** The ports to wait for before the server counts as started. */
    abstract List<Integer> listeningPorts();

    /** Whether a log line records a failed SASL attempt of {@code jid} (any account when null). */
    abstract boolean isAuthFailure(String line, String jid);

    /** Whether a log line records a successful SASL authentication of {@code jid}. */
    abstract boolean isAuthSuccess(String line, String jid);

    /** Writes the credentials of the given accounts (same password). */
    abstract void storeAccounts(List<String> users, String password);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String domain() {
        return DOMAIN;
    }

    @Override
    public final String host() {
        return HOST;
    }

    @Override
    public final Path certificatePem() {
        return certificate.certificatePem();
    }

    @Override
    public final String certificateSha256() {
        return certificate.sha256();
    }

    @Override
    public final String certificateName() {
        return certificate.dnsName();
    }

    final TestCertificate certificate() {
        return certificate;
    }

    @Override
    public final Duration resumptionTimeout() {
        return Duration.ofSeconds(Long.getLong("xmppd.testbed.resumption-timeout", 60));
    }

    @Override
    public final Path directory() {
        return directory;
    }

    @Override
    public final synchronized void start() {
        if (isRunning()) {
            return;
        }
        process = launch();
        try {
            process.awaitListening(HOST, listeningPorts(), START_TIMEOUT, this::log);
        } catch (RuntimeException e) {
            process.stop(STOP_GRACE);
            process = null;
            throw e;
        }
    }

    @Override
    public final synchronized void stop() {
        if (process != null) {
            process.stop(STOP_GRACE);
            process = null;
        }
    }

    @Override
    public final synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public final Account register(String user, String password) {
        return registerMany(List.of(user), password).getFirst();
    }

    @Override
    public final List<Account> registerMany(List<String> users, String password) {
        storeAccounts(List.copyOf(users), password);
        return users.stream().map(user -> new Account(user, DOMAIN, password)).toList();
    }

    @Override
    public final Account newAccount(String prefix) {
        return newAccounts(prefix, 1).getFirst();
    }

    @Override
    public final List<Account> newAccounts(String prefix, int count) {
        String base = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        List<String> users = IntStream.range(0, count)
                .mapToObj(i -> base + accountCounter.incrementAndGet())
                .toList();
        return registerMany(users, randomPassword());
    }

    @Override
    public final long authFailures() {
        return countLines(line -> isAuthFailure(line, null));
    }

    @Override
    public final long authFailures(String user) {
        String jid = user + "@" + DOMAIN;
        return countLines(line -> isAuthFailure(line, jid));
    }

    @Override
    public final long authSuccesses(String user) {
        String jid = user + "@" + DOMAIN;
        return countLines(line -> isAuthSuccess(line, jid));
    }

    @Override
    public final long awaitAuthFailures(String user, long count, Duration timeout) {
        return awaitLines(() -> authFailures(user), count, timeout, "failed authentications of " + user);
    }

    @Override
    public final long awaitAuthSuccesses(String user, long count, Duration timeout) {
        return awaitLines(() -> authSuccesses(user), count, timeout, "successful authentications of " + user);
    }

    @Override
    public final long awaitLog(String fragment, long count, Duration timeout) {
        return awaitLines(() -> countLines(line -> line.contains(fragment)), count, timeout,
                "log lines containing '" + fragment + "'");
    }

    @Override
    public void close() {
        stop();
        if (!Boolean.getBoolean("xmppd.testbed.keep")) {
            deleteDirectory();
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** Creates a file or directory owned by the server's user (it must be able to write its data). */
    final void chownToServer(Path path) {
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(systemUser);
            try (Stream<Path> tree = Files.walk(path)) {
                for (Path p : tree.toList()) {
                    Files.setOwner(p, lookup.lookupPrincipalByName(systemUser));
                    Files.getFileAttributeView(p, PosixFileAttributeView.class).setGroup(group);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to the system user " + systemUser
                    + " (the testbed must run as root)", e);
        }
    }

    static String randomPassword() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String readIfExists(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private long countLines(Predicate<String> matches) {
        return log().lines().filter(matches).count();
    }

    private long awaitLines(java.util.function.LongSupplier counter, long count, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        long found = counter.getAsLong();
        while (found < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(name + ": expected at least " + count + " " + what + ", found " + found
                        + "\n----- server log -----\n" + log());
            }
            pause();
            found = counter.getAsLong();
        }
        return found;
    }

    private static void pause() {
        try {
            Thread.sleep(LOG_POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server log", e);
        }
    }

    private static Path createDirectory(String name) {
        try {
            // Under /tmp, not java.io.tmpdir: the server's user must be able to traverse every parent.
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "xmppd-testbed-" + name + "-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for " + name, e);
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
