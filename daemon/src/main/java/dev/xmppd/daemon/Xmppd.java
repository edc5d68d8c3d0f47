package dev.xmppd.daemon;

import com.typesafe.config.ConfigFactory;
import dev.xmppd.daemon.account.AccountEnvironment;
import dev.xmppd.daemon.cluster.ClusterConfig;
import dev.xmppd.daemon.config.ConfigException;
import dev.xmppd.daemon.config.DaemonSettings;
import dev.xmppd.daemon.config.LogFormat;
import dev.xmppd.daemon.config.SettingsReader;
import dev.xmppd.daemon.control.ControlSocket;
import dev.xmppd.daemon.store.Database;
import dev.xmppd.daemon.store.DatabaseFile;
import dev.xmppd.daemon.systemd.Systemd;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/**
 * {@code bin/xmppd [--config FILE] [--check-config] [--log-format text|json]}: reads and validates the configuration,
 * binds the control socket, and runs the daemon in the foreground until {@code xmppctl shutdown}, SIGTERM or SIGINT;
 * SIGHUP reloads the config. Under systemd ({@code Type=notify}) it reports readiness, status and watchdog pings.
 * Exit codes: 0 after a clean stop or a valid {@code --check-config}, 2 for a usage error, 78 (EX_CONFIG) for a bad
 * configuration or a control socket that may not be used, 74 (EX_IOERR) for a database that is locked or damaged.
 */
public final class Xmppd {
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONFIG = 78;
    /** EX_IOERR: the database is locked by another process, damaged, or unreadable. */
    static final int EXIT_DATABASE = 74;
    private static final String USAGE = "usage: xmppd [--config FILE] [--check-config] [--log-format text|json]";

    private Xmppd() {
    }

    /** What the command line asked for. */
    record Options(Optional<Path> config, boolean checkOnly, Optional<LogFormat> logFormat) {

        static Options parse(List<String> args, Map<String, String> env) {
            Optional<Path> config = Optional.ofNullable(env.get("XMPPD_CONFIG")).filter(s -> !s.isBlank()).map(Path::of);
            boolean check = false;
            Optional<LogFormat> format = Optional.empty();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--config" -> {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException("--config needs a file");
                        }
                        config = Optional.of(Path.of(args.get(++i)));
                    }
                    case "--check-config" -> check = true;
                    case "--log-format" -> {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException("--log-format needs text or json");
                        }
                        format = Optional.of(logFormat(args.get(++i)));
                    }
                    default -> {
                        if (arg.startsWith("--config=")) {
                            config = Optional.of(Path.of(arg.substring("--config=".length())));
                        } else if (arg.startsWith("--log-format=")) {
                            format = Optional.of(logFormat(arg.substring("--log-format=".length())));
                        } else {
                            throw new IllegalArgumentException("unknown argument '" + arg + "'");
                        }
                    }
                }
            }
            return new Options(config, check, format);
        }

        private static LogFormat logFormat(String value) {
            return switch (value) {
                case "text" -> LogFormat.TEXT;
                case "json" -> LogFormat.JSON;
                default -> throw new IllegalArgumentException("--log-format must be text or json, not '" + value + "'");
            };
        }
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.err));
    }

    static int run(List<String> args, Map<String, String> env, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            err.println(USAGE);
            return 0;
        }
        Options options;
        DaemonSettings settings;
        Supplier<DaemonSettings> config;
        try {
            options = Options.parse(args, env);
            SettingsReader reader = new SettingsReader(env, Path.of(System.getProperty("user.home")),
                    ControlSocket.currentUid());
            Optional<Path> file = options.config();
            config = () -> reader.read(SettingsReader.load(file));
            settings = config.get();
        } catch (IllegalArgumentException e) {
            err.println("xmppd: " + e.getMessage() + "\n" + USAGE);
            return EXIT_USAGE;
        } catch (ConfigException e) {
            err.println("xmppd: " + e.getMessage());
            return EXIT_CONFIG;
        }
        if (options.checkOnly()) {
            err.printf("xmppd: configuration is valid (%d accounts declared, data in %s, control socket %s)%n",
                    settings.accounts().size(), settings.dataDir(), settings.controlSocket());
            return 0;
        }
        System.setProperty("xmppd.log.format", logAppender(options.logFormat().orElse(settings.logFormat()), env));
        ServerSocketChannel control;
        try {
            control = ControlSocket.bind(settings.controlSocket());
        } catch (IOException e) {
            err.println("xmppd: " + e.getMessage());
            return EXIT_CONFIG;
        }
        try {
            // Opened (and migrated) once before anything starts: a locked or damaged database stops xmppd here with
            // the file's name (or the PostgreSQL URL) and what to do, instead of a store actor failing over and over.
            try (Database database = Database.of(settings.store(), settings.databaseFile())) {
                database.check();
            }
        } catch (DatabaseFile.Unavailable e) {
            err.println("xmppd: " + e.getMessage());
            try {
                control.close();
                java.nio.file.Files.deleteIfExists(settings.controlSocket());
            } catch (IOException closing) {
                err.println("xmppd: could not remove the control socket: " + closing.getMessage());
            }
            return EXIT_DATABASE;
        }
        Systemd systemd = Systemd.fromEnvironment(env, ProcessHandle.current().pid());
        Behavior<Guardian.Command> guardian = Guardian.create(settings, control,
                AccountEnvironment.standalone(settings.reconnect()).withStream(settings.cluster().enabled()
                        // A cluster node's stop hands its accounts to the others, which resume their sessions.
                        ? settings.stream().withResumeAfterRestart(true) : settings.stream()),
                new Guardian.Operations(systemd, config));
        ActorSystem<Guardian.Command> system = settings.cluster().enabled()
                ? ActorSystem.create(guardian, ClusterConfig.SYSTEM_NAME,
                        ClusterConfig.pekko(settings.cluster(), ConfigFactory.load()))
                : ActorSystem.create(guardian, "xmppd");
        ProcessSignals.install(system, config);
        system.getWhenTerminated().toCompletableFuture().join();
        return 0;
    }

    /**
     * The logback appender (see logback.xml): {@code json}, or text; under journald ({@code JOURNAL_STREAM} set by
     * systemd) text without our timestamp, which the journal adds, and with the level as a syslog priority prefix.
     */
    static String logAppender(LogFormat format, Map<String, String> env) {
        if (format == LogFormat.JSON) {
            return "json";
        }
        String journal = env.get("JOURNAL_STREAM");
        return journal != null && !journal.isBlank() ? "journal" : "text";
    }
}
