package dev.xmppd.daemon.systemd;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the service is doing (sd_notify(3), for {@code Type=notify} units): ready, status text,
 * watchdog pings, reloading, stopping. A no-op when {@code NOTIFY_SOCKET} is unset (not started by systemd).
 * Never throws: a failed notification is logged once and the daemon goes on.
 */
public final class Systemd {
    private static final Logger LOG = LoggerFactory.getLogger(Systemd.class);

    /** Where notifications go; tests pass their own. */
    @FunctionalInterface
    public interface Channel {
        void send(String message) throws IOException;
    }

    private static final Systemd NONE = new Systemd(Optional.empty(), Optional.empty());

    private final Optional<Channel> channel;
    private final Optional<Duration> watchdogInterval;
    private final AtomicBoolean warned = new AtomicBoolean();

    Systemd(Optional<Channel> channel, Optional<Duration> watchdogInterval) {
        this.channel = channel;
        this.watchdogInterval = watchdogInterval;
    }

    /** Not under systemd: every method does nothing. */
    public static Systemd none() {
        return NONE;
    }

    /**
     * From the variables systemd sets: {@code NOTIFY_SOCKET}, and {@code WATCHDOG_USEC} (with {@code WATCHDOG_PID},
     * when set, naming this process).
     */
    public static Systemd fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isBlank()) {
            return NONE;
        }
        NotifySocket notify;
        try {
            notify = NotifySocket.open(socket);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot notify systemd: {}", e.getMessage());
            return NONE;
        }
        return new Systemd(Optional.of(notify::send), watchdogInterval(env, pid));
    }

    /** Half of {@code WATCHDOG_USEC}, as sd_watchdog_enabled(3) advises; empty when the watchdog is off for us. */
    static Optional<Duration> watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || (forPid != null && !forPid.isBlank() && !forPid.strip().equals(Long.toString(pid)))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.strip());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000 / 2)) : Optional.empty();
        } catch (NumberFormatException e) {
            LOG.warn("ignoring WATCHDOG_USEC={}: not a number of microseconds", usec);
            return Optional.empty();
        }
    }

    public boolean enabled() {
        return channel.isPresent();
    }

    /** How often to call {@link #watchdog()}; empty when systemd does not watch us. */
    public Optional<Duration> watchdogInterval() {
        return channel.isPresent() ? watchdogInterval : Optional.empty();
    }

    /** Start-up (or a reload) is complete: the control socket is bound and the accounts are started. */
    public void ready() {
        send("READY=1");
    }

    /** A one-line status that {@code systemctl status} shows. */
    public void status(String text) {
        send("STATUS=" + text.replace('\n', ' '));
    }

    /** The daemon is alive: its actors answer. */
    public void watchdog() {
        send("WATCHDOG=1");
    }

    /** A reload started; {@link #ready()} ends it. */
    public void reloading(long monotonicMicros) {
        send("RELOADING=1\nMONOTONIC_USEC=" + monotonicMicros);
    }

    /** Shutdown started. */
    public void stopping() {
        send("STOPPING=1");
    }

    /** More time for start-up or shutdown than TimeoutStartSec=/TimeoutStopSec= allow. */
    public void extendTimeout(Duration by) {
        send("EXTEND_TIMEOUT_USEC=" + by.toNanos() / 1000);
    }

    private void send(String message) {
        if (channel.isEmpty()) {
            return;
        }
        try {
            channel.get().send(message);
        } catch (IOException | RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("cannot notify systemd ({}); further failures are not logged", e.getMessage());
            }
        }
    }
}
