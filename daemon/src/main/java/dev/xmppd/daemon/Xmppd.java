package dev.xmppd.daemon;

import dev.xmppd.daemon.account.AccountEnvironment;
import dev.xmppd.daemon.config.ConfigException;
import dev.xmppd.daemon.config.DaemonSettings;
import dev.xmppd.daemon.config.SettingsReader;
import dev.xmppd.daemon.control.ControlSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code bin/xmppd [--config FILE] [--check-config]}: reads and validates the configuration, binds the control
 * socket, and runs the daemon in the foreground until {@code xmppctl shutdown} or SIGTERM. Exit codes: 0 after a
 * clean stop or a valid {@code --check-config}, 2 for a usage error, 78 (EX_CONFIG) for a bad configuration or
 * a control socket that may not be used.
 */
public final class Xmppd {
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONFIG = 78;

    private Xmppd() {
    }

    /** What the command line asked for. */
    record Options(Optional<Path> config, boolean checkOnly) {

        static Options parse(List<String> args, Map<String, String> env) {
            Optional<Path> config = Optional.ofNullable(env.get("XMPPD_CONFIG")).filter(s -> !s.isBlank()).map(Path::of);
            boolean check = false;
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
                    default -> {
                        if (arg.startsWith("--config=")) {
                            config = Optional.of(Path.of(arg.substring("--config=".length())));
                        } else {
                            throw new IllegalArgumentException("unknown argument '" + arg + "'");
                        }
                    }
                }
            }
            return new Options(config, check);
        }
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.err));
    }

    static int run(List<String> args, Map<String, String> env, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            err.println("usage: xmppd [--config FILE] [--check-config]");
            return 0;
        }
        Options options;
        DaemonSettings settings;
        try {
            options = Options.parse(args, env);
            settings = new SettingsReader(env, Path.of(System.getProperty("user.home")), ControlSocket.currentUid())
                    .read(SettingsReader.load(options.config()));
        } catch (IllegalArgumentException e) {
            err.println("xmppd: " + e.getMessage() + "\nusage: xmppd [--config FILE] [--check-config]");
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
        System.setProperty("xmppd.log.format", settings.logFormat().name().toLowerCase(java.util.Locale.ROOT));
        ServerSocketChannel control;
        try {
            control = ControlSocket.bind(settings.controlSocket());
        } catch (IOException e) {
            err.println("xmppd: " + e.getMessage());
            return EXIT_CONFIG;
        }
        ActorSystem<Guardian.Command> system = ActorSystem.create(
                Guardian.create(settings, control, AccountEnvironment.standalone(settings.reconnect())), "xmppd");
        system.getWhenTerminated().toCompletableFuture().join();
        return 0;
    }
}
