package dev.xmppd.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prosody 0.12 from the Debian package, run in the foreground as the {@code prosody} user with a
 * generated config: STARTTLS (required) and direct-TLS c2s ports, an HTTP port for
 * {@code upload.localhost} (mod_http_file_share), MUC with MAM on {@code conference.localhost},
 * MAM archiving everything without expiry, and {@code mod_log_auth} from prosody-modules so every
 * SASL attempt is logged at info: "Failed authentication attempt (not-authorized) for user
 * alice@localhost from IP: 127.0.0.1" and "Successful authentication as alice@localhost from IP: ...", and
 * {@code mod_testbed_log} (ours) so XEP-0198 resumptions and XEP-0352 client state changes are logged at info:
 * "Resumed stream management session ... of alice@localhost/res", "Client state of ... is now inactive".
 *
 * <p>{@link #withSasl2()} adds SASL2 (XEP-0388), Bind2 (XEP-0386) and FAST (XEP-0484) from Debian's
 * prosody-modules (mod_sasl2, mod_sasl2_bind2, mod_sasl2_fast), which need {@code mod_testbed_sasl2_compat}
 * (ours) on Prosody 0.12.3: see that file for the trunk functions it supplies. mod_sasl2_sm is left out:
 * it calls {@code mod_smacks.do_enable}, which 0.12 lacks, so stream management is enabled after SASL2.
 *
 * <p>Accounts are written straight into the {@code internal_hashed} store (see
 * {@link ProsodyAccounts}); {@code prosodyctl} is not needed.
 */
public final class ProsodyServer extends BaseServer {

    private static final String SYSTEM_USER = "prosody";
    /** System property: Prosody's minimum log level ({@code debug} to follow a stream-management problem). */
    public static final String LOG_LEVEL = "xmppd.testbed.prosody-log";

    private final int starttlsPort;
    private final int directTlsPort;
    private final int httpPort;
    private final Path config;
    private final Path logFile;
    private final Path consoleLog;
    private final ProsodyAccounts accounts;
    private final boolean sasl2;

    /** A server (not yet started) whose certificate names {@code localhost}. */
    public ProsodyServer() {
        this(DOMAIN);
    }

    /** A server (not yet started) whose certificate names {@code certificateName}, e.g. {@code "wrong.example"}. */
    public ProsodyServer(String certificateName) {
        this(certificateName, false);
    }

    /** A server (not yet started) that offers SASL2 with Bind2 and FAST besides the classic login. */
    public static ProsodyServer withSasl2() {
        return new ProsodyServer(DOMAIN, true);
    }

    private ProsodyServer(String certificateName, boolean sasl2) {
        super("prosody", SYSTEM_USER, certificateName);
        this.sasl2 = sasl2;
        List<Integer> ports = FreePorts.allocate(3);
        this.starttlsPort = ports.get(0);
        this.directTlsPort = ports.get(1);
        this.httpPort = ports.get(2);
        this.config = directory().resolve("prosody.cfg.lua");
        this.logFile = directory().resolve("prosody.log");
        this.consoleLog = directory().resolve("console.log");
        Path data = directory().resolve("data");
        this.accounts = new ProsodyAccounts(data, DOMAIN);
        try {
            Files.createDirectories(data.resolve(DOMAIN).resolve("accounts"));
            Files.createDirectories(directory().resolve("certs"));
            Path plugins = Files.createDirectories(directory().resolve("plugins"));
            for (String plugin : List.of("mod_testbed_log.lua", "mod_testbed_sasl2_compat.lua")) {
                try (var module = ProsodyServer.class.getResourceAsStream(plugin)) {
                    Files.write(plugins.resolve(plugin), module.readAllBytes());
                }
            }
            Files.writeString(config, config(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Prosody config", e);
        }
        chownToServer(directory());
    }

    @Override
    public int starttlsPort() {
        return starttlsPort;
    }

    @Override
    public int directTlsPort() {
        return directTlsPort;
    }

    /** The plain HTTP port serving {@link #uploadDomain()}. */
    public int httpPort() {
        return httpPort;
    }

    @Override
    public String mucDomain() {
        return "conference." + DOMAIN;
    }

    @Override
    public Optional<String> uploadDomain() {
        return Optional.of("upload." + DOMAIN);
    }

    @Override
    public void unregister(String user) {
        accounts.delete(user);
    }

    @Override
    public String log() {
        String log = readIfExists(logFile);
        String console = readIfExists(consoleLog);
        return console.isBlank() ? log : log + "\n----- console -----\n" + console;
    }

    @Override
    ServerProcess launch() {
        return ServerProcess.start(name(),
                List.of("runuser", "-u", SYSTEM_USER, "--", "prosody", "--config", config.toString(), "-F"),
                directory(), consoleLog, Map.of(), "lua");
    }

    @Override
    List<Integer> listeningPorts() {
        return List.of(starttlsPort, directTlsPort, httpPort);
    }

    @Override
    boolean isAuthFailure(String line, String jid) {
        return line.contains("Failed authentication attempt") && (jid == null || line.contains(" " + jid + " from"));
    }

    @Override
    boolean isAuthSuccess(String line, String jid) {
        return line.contains("Successful authentication as " + jid + " from");
    }

    @Override
    void storeAccounts(List<String> users, String password) {
        for (Path written : accounts.write(users, password)) {
            chownToServer(written);
        }
    }

    private String config() {
        Path dir = directory();
        return """
                -- Generated by dev.xmppd.testbed.ProsodyServer for one test run.
                pidfile = "%1$s/prosody.pid"
                data_path = "%1$s/data"
                admin_socket = "%1$s/prosody.sock"
                plugin_paths = { "%1$s/plugins" }
                interfaces = { "%2$s" }
                local_interfaces = { "%2$s" }
                c2s_ports = { %3$d }
                c2s_direct_tls_ports = { %4$d }
                legacy_ssl_ports = { }
                s2s_ports = { }
                component_ports = { }
                http_ports = { %5$d }
                http_interfaces = { "%2$s" }
                https_ports = { }
                certificates = "%1$s/certs"
                ssl = { certificate = "%6$s"; key = "%7$s" }
                c2s_require_encryption = true
                authentication = "internal_hashed"
                storage = "internal"
                log = { { levels = { min = "%10$s" }, to = "file", filename = "%1$s/prosody.log" } }
                log_auth_ips = "all"
                archive_expires_after = "never"
                default_archive_policy = true
                max_archive_query_results = 250
                storage_archive_item_limit = 100000
                smacks_hibernation_time = %9$d
                http_file_share_size_limit = 10485760
                modules_enabled = {
                    "roster"; "saslauth"; "tls"; "disco"; "carbons"; "pep"; "private"; "blocklist";
                    "vcard4"; "vcard_legacy"; "version"; "ping"; "mam"; "smacks"; "csi_simple";
                    "bookmarks"; "offline"; "time"; "log_auth"; "testbed_log";
                    %11$s
                }
                modules_disabled = { "s2s" }

                VirtualHost "%8$s"

                Component "conference.%8$s" "muc"
                    modules_enabled = { "muc_mam" }
                    muc_log_by_default = true
                    muc_log_all_rooms = true

                Component "upload.%8$s" "http_file_share"
                """.formatted(dir, HOST, starttlsPort, directTlsPort, httpPort,
                certificate().certificatePem(), certificate().privateKeyPem(), DOMAIN,
                resumptionTimeout().toSeconds(), System.getProperty(LOG_LEVEL, "info"),
                sasl2 ? "\"testbed_sasl2_compat\"; \"sasl2\"; \"sasl2_bind2\"; \"sasl2_fast\";" : "");
    }
}
