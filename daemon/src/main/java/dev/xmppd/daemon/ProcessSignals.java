package dev.xmppd.daemon;

import dev.xmppd.daemon.config.DaemonSettings;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The signals a service manager sends: SIGTERM and SIGINT stop the daemon cleanly (accounts say goodbye, the store
 * closes) and the process exits 0; SIGHUP re-reads the config like {@code xmppctl reload}. Replacing the JVM's
 * SIGTERM handler (which would run shutdown hooks and exit 143 at once) lets the Guardian finish its goodbyes.
 * {@code sun.misc.Signal} is in the jdk.unsupported module, meant for exactly this.
 */
final class ProcessSignals {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSignals.class);

    private ProcessSignals() {
    }

    static void install(ActorSystem<Guardian.Command> system, Supplier<DaemonSettings> config) {
        Signal.handle(new Signal("TERM"), signal -> system.tell(Guardian.Shutdown.INSTANCE));
        Signal.handle(new Signal("INT"), signal -> system.tell(Guardian.Shutdown.INSTANCE));
        Signal.handle(new Signal("HUP"), signal -> Thread.ofVirtual().name("reload").start(() ->
                Reloader.reload(system, config, system.scheduler()).whenComplete((changes, error) -> {
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        LOG.error("SIGHUP: {}", cause.getMessage());
                    }
                })));
    }
}
