package dev.xmppd.testbed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real XMPP server from the Debian packages, running on loopback ports in its own temporary
 * directory, for integration tests. Implementations: {@link ProsodyServer}, {@link EjabberdServer}.
 *
 * <p>The server keeps its ports, certificate and data across {@link #stop()} and {@link #start()},
 * so a test can take it down and bring it back to exercise reconnection. {@link #close()} stops it
 * and deletes its directory (kept when the system property {@code xmppd.testbed.keep} is
 * {@code true}).
 *
 * <p>Authentication attempts are logged one line each (see {@link #authFailures(String)}); logs
 * are written asynchronously, so wait for counts with {@link #awaitAuthFailures(String, long, Duration)}.
 */
public interface XmppServer extends AutoCloseable {

    /** {@code "prosody"} or {@code "ejabberd"}. */
    String name();

    /** The XMPP domain of every account: {@code "localhost"}. */
    String domain();

    /** The address the listeners are bound to: {@code "127.0.0.1"}. */
    String host();

    /** The c2s port that offers (and requires) STARTTLS. */
    int starttlsPort();

    /** The c2s port with direct TLS (XEP-0368). */
    int directTlsPort();

    /** The server certificate (PEM) to trust. */
    Path certificatePem();

    /** Lowercase hex SHA-256 of the DER server certificate, for pinning. */
    String certificateSha256();

    /** The DNS name in the certificate: {@link #domain()} unless configured otherwise. */
    String certificateName();

    /** The MUC service, e.g. {@code "conference.localhost"}. */
    String mucDomain();

    /** The HTTP upload service (XEP-0363), where the server has one configured. */
    Optional<String> uploadDomain();

    /**
     * How long the server keeps a broken stream's session for XEP-0198 resumption (Prosody's
     * {@code smacks_hibernation_time}, ejabberd's {@code mod_stream_mgmt resume_timeout}): 60 s, or the
     * system property {@code xmppd.testbed.resumption-timeout} in seconds. Long enough for a test to restart
     * a client inside it, short enough that an abandoned session ends while the class runs.
     */
    Duration resumptionTimeout();

    /** The server's temporary directory (config, data, logs). */
    Path directory();

    /** Starts the server on its ports and waits until it accepts connections; no-op when running. */
    void start();

    /** Stops the server and waits for its processes to exit; no-op when stopped. */
    void stop();

    boolean isRunning();

    /** Registers (or re-registers with a new password) an account. */
    Account register(String user, String password);

    /** Registers many accounts at once, much faster than one by one. */
    List<Account> registerMany(List<String> users, String password);

    /** A newly registered account with a unique name starting with {@code prefix} and a random password. */
    Account newAccount(String prefix);

    /** {@code count} newly registered accounts with unique names. */
    List<Account> newAccounts(String prefix, int count);

    /** Deletes the account's credentials; later logins fail. Established sessions may stay open. */
    void unregister(String user);

    /** The server's log so far (the current run and earlier runs of this instance). */
    String log();

    /** Lines logged for failed SASL authentication attempts, for every account. */
    long authFailures();

    /** Lines logged for failed SASL authentication attempts of {@code user} (a localpart). */
    long authFailures(String user);

    /** Lines logged for successful SASL authentications of {@code user} (a localpart). */
    long authSuccesses(String user);

    /**
     * Waits until at least {@code count} failed authentication attempts of {@code user} are logged;
     * returns the number logged. Fails with the log after {@code timeout}.
     */
    long awaitAuthFailures(String user, long count, Duration timeout);

    /**
     * Waits until at least {@code count} successful authentications of {@code user} are logged; returns the number
     * logged. Fails with the log after {@code timeout}.
     */
    long awaitAuthSuccesses(String user, long count, Duration timeout);

    /**
     * Waits until the log holds at least {@code count} lines containing {@code fragment}; returns
     * the number found. Fails with the log after {@code timeout}.
     */
    long awaitLog(String fragment, long count, Duration timeout);

    /** Stops the server and removes its directory. */
    @Override
    void close();
}
