package dev.xmppd.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * ejabberd 23.01 from the Debian package, run as the {@code ejabberd} user through
 * {@code ejabberdctl foreground} with a generated YAML config and its own Erlang node name, HOME
 * (cookie) and config dir, so several instances and the system's own ejabberd never meet.
 *
 * <p>Everything is stored in SQLite ({@code default_db: sql}, schema {@code lite.sql}), with the
 * database on tmpfs when {@code /dev/shm} exists: the mnesia MAM backend ingests only tens of
 * messages a second. Accounts are rows of the {@code users} table (plain passwords, from which
 * ejabberd derives every SCRAM variant), inserted with the {@code sqlite3} tool in one statement
 * per batch; the auth cache is off, so they are usable at once. Each SASL attempt is logged:
 * "Failed c2s SCRAM-SHA-1 authentication for alice@localhost from 127.0.0.1: Invalid username or
 * password" (warning) and "Accepted c2s PLAIN authentication for alice@localhost by sql backend
 * from 127.0.0.1" (info). There is no HTTP upload service.
 */
public final class EjabberdServer extends BaseServer {

    private static final String SYSTEM_USER = "ejabberd";
    private static final Path SCHEMA = Path.of("/usr/share/ejabberd/sql/lite.sql");
    private static final Path TMPFS = Path.of("/dev/shm");

    private final int starttlsPort;
    private final int directTlsPort;
    private final String node;
    private final Path config;
    private final Path database;
    private final Path logFile;
    private final Path consoleLog;

    /** A server (not yet started) whose certificate names {@code localhost}. */
    public EjabberdServer() {
        this(DOMAIN);
    }

    /** A server (not yet started) whose certificate names {@code certificateName}, e.g. {@code "wrong.example"}. */
    public EjabberdServer(String certificateName) {
        super("ejabberd", SYSTEM_USER, certificateName);
        List<Integer> ports = FreePorts.allocate(2);
        this.starttlsPort = ports.get(0);
        this.directTlsPort = ports.get(1);
        this.node = "xmppd" + randomPassword().substring(0, 10) + "@localhost";
        this.config = directory().resolve("ejabberd.yml");
        this.logFile = directory().resolve("logs").resolve("ejabberd.log");
        this.consoleLog = directory().resolve("console.log");
        this.database = (Files.isDirectory(TMPFS) && Files.isWritable(TMPFS) ? TMPFS : directory())
                .resolve(directory().getFileName() + ".db");
        try {
            Files.createDirectories(directory().resolve("logs"));
            Files.createDirectories(directory().resolve("spool"));
            Files.writeString(directory().resolve("server.pem"), certificate().combinedPem());
            // ERL_INETRC: resolve the node's host name "localhost" without asking DNS.
            Files.writeString(directory().resolve("inetrc"),
                    "{lookup,[\"file\",\"native\"]}.\n{host,{127,0,0,1}, [\"localhost\"]}.\n");
            Files.writeString(config, config(), StandardCharsets.UTF_8);
            Files.createFile(database);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the ejabberd directory", e);
        }
        chownToServer(directory());
        chownToServer(database);
        runAsServer("create the SQLite schema", List.of("sqlite3", database.toString()), SCHEMA);
    }

    @Override
    public int starttlsPort() {
        return starttlsPort;
    }

    @Override
    public int directTlsPort() {
        return directTlsPort;
    }

    /** The Erlang node name, e.g. {@code xmppd1a2b3c4d5e@localhost}. */
    public String node() {
        return node;
    }

    @Override
    public String mucDomain() {
        return "conference." + DOMAIN;
    }

    @Override
    public Optional<String> uploadDomain() {
        return Optional.empty();
    }

    /**
     * Removes the account; while the server runs this goes through {@code ejabberdctl unregister}
     * (about a second), which also closes the account's sessions.
     */
    @Override
    public void unregister(String user) {
        if (isRunning()) {
            ejabberdctl("unregister", user, DOMAIN);
        } else {
            sql("DELETE FROM users WHERE username = " + quote(user) + ";");
        }
    }

    /** Runs an {@code ejabberdctl} command against this node (about a second each); returns its output. */
    public String ejabberdctl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", SYSTEM_USER, "--",
                "env", "HOME=" + directory(), "ejabberdctl", "--config-dir", directory().toString(),
                "--config", config.toString(), "--node", node));
        command.addAll(List.of(arguments));
        return runAsRoot("ejabberdctl " + String.join(" ", arguments), command, null);
    }

    @Override
    public String log() {
        String log = readIfExists(logFile);
        return log.isBlank() ? readIfExists(consoleLog) : log;
    }

    @Override
    ServerProcess launch() {
        return ServerProcess.start(name(), List.of("runuser", "-u", SYSTEM_USER, "--",
                        "env", "HOME=" + directory(), "ERL_CRASH_DUMP_BYTES=0",
                        "ejabberdctl", "--config-dir", directory().toString(), "--config", config.toString(),
                        "--spool", directory().resolve("spool").toString(),
                        "--logs", directory().resolve("logs").toString(), "--node", node, "foreground"),
                directory(), consoleLog, Map.of(), "beam.smp");
    }

    @Override
    List<Integer> listeningPorts() {
        return List.of(starttlsPort, directTlsPort);
    }

    @Override
    boolean isAuthFailure(String line, String jid) {
        return line.contains("Failed c2s ")
                && (jid == null ? line.contains(" authentication ") : line.contains(" authentication for " + jid + " from"));
    }

    @Override
    boolean isAuthSuccess(String line, String jid) {
        return line.contains("Accepted c2s ") && line.contains(" authentication for " + jid + " by ");
    }

    @Override
    void storeAccounts(List<String> users, String password) {
        if (users.isEmpty()) {
            return;
        }
        sql(users.stream()
                .map(user -> "(" + quote(user) + ", " + quote(password) + ")")
                .collect(Collectors.joining(", ",
                        "INSERT OR REPLACE INTO users (username, password) VALUES ", ";")));
    }

    private void sql(String statement) {
        try {
            Path file = Files.createTempFile(directory(), "sql", ".sql");
            Files.writeString(file, statement, StandardCharsets.UTF_8);
            runAsServer("update the SQLite database",
                    List.of("sqlite3", "-cmd", ".timeout 10000", database.toString()), file);
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void runAsServer(String what, List<String> command, Path stdin) {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", SYSTEM_USER, "--"));
        full.addAll(command);
        runAsRoot(what, full, stdin);
    }

    private String runAsRoot(String what, List<String> command, Path stdin) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(directory().toFile());
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("ejabberd: cannot " + what + ": " + command + " → " + output
                        + "\n----- server log -----\n" + log());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("ejabberd: cannot " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public void close() {
        super.close();
        try {
            Files.deleteIfExists(database);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String config() {
        return """
                # Generated by dev.xmppd.testbed.EjabberdServer for one test run.
                hosts: ["%1$s"]
                loglevel: info
                log_rotate_count: 0
                certfiles: ["%2$s/server.pem"]
                sql_type: sqlite
                sql_database: "%3$s"
                default_db: sql
                auth_method: sql
                auth_password_format: plain
                auth_use_cache: false
                s2s_access: none
                listen:
                  - {port: %4$d, ip: "%6$s", module: ejabberd_c2s, starttls_required: true, shaper: none, max_stanza_size: 1048576}
                  - {port: %5$d, ip: "%6$s", module: ejabberd_c2s, tls: true, shaper: none, max_stanza_size: 1048576}
                acl:
                  local: {user_regexp: ""}
                access_rules:
                  local: {allow: local}
                  c2s: {allow: all}
                  muc_create: {allow: local}
                  pubsub_createnode: {allow: local}
                shaper_rules:
                  max_user_sessions: 50
                  max_user_offline_messages: 10000
                modules:
                  mod_roster: {versioning: true}
                  mod_disco: {}
                  mod_caps: {}
                  mod_carboncopy: {}
                  mod_mam: {default: always, assume_mam_usage: true}
                  mod_stream_mgmt: {resume_timeout: %7$d}
                  mod_client_state: {}
                  mod_blocking: {}
                  mod_privacy: {}
                  mod_ping: {}
                  mod_pubsub: {plugins: ["flat", "pep"], access_createnode: pubsub_createnode}
                  mod_vcard: {}
                  mod_private: {}
                  mod_version: {}
                  mod_offline: {}
                  mod_muc: {host: "conference.@HOST@", access_create: muc_create, default_room_options: {mam: true}}
                """.formatted(DOMAIN, directory(), database, starttlsPort, directTlsPort, HOST,
                resumptionTimeout().toSeconds());
    }
}
