package dev.xmppd.daemon.net;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Tries a domain's endpoints in order until one connects (RFC 6120 §3.2.1: on failure, the next SRV
 * target). A certificate problem stops the walk: another host of the same domain presenting a bad
 * certificate is no reason to keep trying with our credentials. The failure reported is the last one.
 */
public final class Dialer {

    private final EventLoops loops;
    private final CertificateTrust trust;
    private final Transcript transcript;
    private final Clock clock;
    private final Duration timeout;

    public Dialer(EventLoops loops, CertificateTrust trust, Transcript transcript, Clock clock, Duration timeout) {
        this.loops = loops;
        this.trust = trust;
        this.transcript = transcript;
        this.clock = clock;
        this.timeout = timeout;
    }

    public CompletionStage<Connection> dial(List<ServerEndpoint> endpoints, String domain,
                                            Connection.Listener listener) {
        if (endpoints.isEmpty()) {
            return CompletableFuture.failedFuture(new ConnectFailure(ConnectFailure.Kind.HOST_UNKNOWN,
                    "the domain " + domain + " announces no XMPP client service (SRV target '.')", null));
        }
        return attempt(endpoints, 0, domain, listener);
    }

    private CompletionStage<Connection> attempt(List<ServerEndpoint> endpoints, int index, String domain,
                                                Connection.Listener listener) {
        ServerEndpoint endpoint = endpoints.get(index);
        return Connection.open(loops, endpoint, domain, trust, listener, transcript, clock, timeout)
                .handle((connection, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedStage(connection);
                    }
                    ConnectFailure failure = ConnectFailure.classify(unwrap(error), endpoint);
                    if (index + 1 >= endpoints.size() || failure.kind() == ConnectFailure.Kind.CERTIFICATE_INVALID) {
                        return CompletableFuture.<Connection>failedStage(failure);
                    }
                    return attempt(endpoints, index + 1, domain, listener);
                })
                .thenCompose(stage -> stage);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }
}
