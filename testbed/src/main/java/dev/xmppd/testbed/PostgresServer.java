package dev.xmppd.testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private PostgreSQL for tests, from Debian's {@code postgresql} package: {@code initdb} into a temp dir as the
 * {@code postgres} system user (initdb refuses root), the server listening on a free loopback port with its Unix
 * socket in that dir, and a login role with a password owning the databases made by {@link #createDatabase}. It is a
 * throw-away instance, so fsync is off. {@link #close()} stops it (fast shutdown) and deletes the dir, unless
 * {@code -Dxmppd.testbed.keep=true}.
 */
public final class PostgresServer implements AutoCloseable {
    /** The role the tests connect as (with {@link #password()}). */
    public static final String USER = "xmppd";
    private static final String SYSTEM_USER = "postgres";
    private static final Path INSTALL = Path.of("/usr/lib/postgresql");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final Path bin;
    private final Path directory;
    private final Path data;
    private final Path log;
    private final int port;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();
    private Process server;

    private PostgresServer(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.log = directory.resolve("postgresql.log");
        this.port = port;
        this.password = BaseServer.randomPassword();
    }

    /** initdb, start, create the role; a failure says why, with the server's log. */
    public static PostgresServer start() {
        Path directory;
        try {
            // Under /tmp, not java.io.tmpdir: the postgres user must be able to traverse every parent.
            directory = Files.createTempDirectory(Path.of("/tmp"), "xmppd-testbed-postgresql-");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for PostgreSQL", e);
        }
        PostgresServer server = new PostgresServer(binaries(), directory, FreePorts.allocate(1).getFirst());
        try {
            server.initialise();
            server.launch();
            server.admin("postgres", "CREATE ROLE " + USER + " LOGIN PASSWORD '" + server.password + "'");
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * A new empty database owned by {@link #USER}, named {@code prefix} and a number; returns its JDBC URL. It sorts
     * text like most production databases (ICU en-US: case and punctuation weigh less than letters), not in byte
     * order, so code that needs an order must ask for it (PostgreSQL 15 or newer).
     */
    public String createDatabase(String prefix) {
        String name = prefix + "_" + databases.incrementAndGet();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        admin("postgres", "CREATE DATABASE " + name + " OWNER " + USER + " TEMPLATE template0 LOCALE 'C'"
                + " LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
        return url(name);
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>} (TCP, password authentication). */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** Runs SQL as the superuser in {@code database} and returns psql's unaligned output (one row a line). */
    public String admin(String database, String sql) {
        List<String> command = List.of("runuser", "-u", SYSTEM_USER, "--", bin.resolve("psql").toString(),
                "-h", directory.toString(), "-p", Integer.toString(port), "-U", SYSTEM_USER, "-d", database,
                "-v", "ON_ERROR_STOP=1", "-X", "-q", "-A", "-t", "-f", "-");
        Result result = run(command, sql + ";\n", Duration.ofSeconds(60));
        if (result.exit() != 0) {
            throw new ServerStartException("psql failed (" + result.exit() + ") running: " + sql, result.output());
        }
        return result.output().strip();
    }

    public String log() {
        return BaseServer.readIfExists(log);
    }

    @Override
    public void close() {
        if (server != null) {
            run(List.of("runuser", "-u", SYSTEM_USER, "--", bin.resolve("pg_ctl").toString(), "stop", "-D",
                    data.toString(), "-m", "fast", "-w", "-t", "30"), "", Duration.ofSeconds(40));
            try {
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.descendants().forEach(ProcessHandle::destroyForcibly);
                    server.destroyForcibly();
                    server.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        if (!Boolean.getBoolean("xmppd.testbed.keep")) {
            delete(directory);
        }
    }

    @Override
    public String toString() {
        return "postgresql on 127.0.0.1:" + port;
    }

    private void initialise() {
        chownToPostgres(directory);
        Result init = run(List.of("runuser", "-u", SYSTEM_USER, "--", bin.resolve("initdb").toString(),
                "-D", data.toString(), "-U", SYSTEM_USER, "-E", "UTF8", "--locale=C", "--auth-local=trust",
                "--auth-host=scram-sha-256", "--no-sync"), "", START_TIMEOUT);
        if (init.exit() != 0) {
            throw new ServerStartException("initdb failed with status " + init.exit(), init.output());
        }
    }

    private void launch() {
        List<String> command = List.of("runuser", "-u", SYSTEM_USER, "--", bin.resolve("postgres").toString(),
                "-D", data.toString(), "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + directory, "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off");
        try {
            server = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start postgres: " + command, e);
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        List<String> ready = List.of(bin.resolve("pg_isready").toString(), "-q", "-h", directory.toString(),
                "-p", Integer.toString(port));
        while (run(ready, "", Duration.ofSeconds(10)).exit() != 0) {
            if (!server.isAlive()) {
                throw new ServerStartException("postgres exited with status " + server.exitValue(), log());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ServerStartException("postgres is not ready after " + START_TIMEOUT.toSeconds() + " s", log());
            }
            pause();
        }
    }

    private void pause() {
        try {
            server.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting postgres", e);
        }
    }

    /** The newest installed major version's binaries ({@code /usr/lib/postgresql/<major>/bin}). */
    private static Path binaries() {
        try (Stream<Path> versions = Files.list(INSTALL)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new ServerStartException("no PostgreSQL under " + INSTALL, "install it with:"
                            + " apt-get install -y postgresql"));
        } catch (IOException e) {
            throw new ServerStartException("PostgreSQL is not installed (" + INSTALL + ": " + e.getMessage() + ")",
                    "install it with: apt-get install -y postgresql", e);
        }
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> command, String input, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + timeout.toSeconds() + " s: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static void chownToPostgres(Path path) {
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(SYSTEM_USER);
            Files.setOwner(path, lookup.lookupPrincipalByName(SYSTEM_USER));
            Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(group);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to the system user " + SYSTEM_USER
                    + " (the testbed must run as root, with the postgresql package installed)", e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> tree = Files.walk(directory)) {
            List<Path> paths = new ArrayList<>(tree.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
