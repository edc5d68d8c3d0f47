package dev.xmppd.daemon.login;

import dev.xmppd.daemon.net.ConnectFailure;
import java.util.Optional;

/**
 * Why a login did not reach "online", as a value the account shows and acts on: {@code code} is the
 * stable word users and scripts see ({@code auth-failed}, {@code tls-unavailable}, ...), {@code message}
 * says what happened and what to do.
 */
public record LoginFailure(Reason reason, String code, String message, Optional<String> redirect) {

    /** What the account does next: retry with backoff, retry slowly, or wait until its settings change. */
    public enum Retry { BACKOFF, SLOW, NEVER }

    public enum Reason {
        AUTH_FAILED(Retry.NEVER),
        TLS_UNAVAILABLE(Retry.SLOW),
        CERTIFICATE_INVALID(Retry.SLOW),
        HOST_UNKNOWN(Retry.BACKOFF),
        CONNECTION_REFUSED(Retry.BACKOFF),
        TIMEOUT(Retry.BACKOFF),
        NETWORK(Retry.BACKOFF),
        /** The server ended the stream with an error (RFC 6120 §4.9); see-other-host carries {@code redirect}. */
        STREAM_ERROR(Retry.BACKOFF),
        /** The server broke the protocol (or we do not support what it insists on). */
        PROTOCOL(Retry.SLOW);

        private final Retry retry;

        Reason(Retry retry) {
            this.retry = retry;
        }

        public Retry retry() {
            return retry;
        }
    }

    public static LoginFailure of(Reason reason, String code, String message) {
        return new LoginFailure(reason, code, message, Optional.empty());
    }

    public static LoginFailure authFailed(String message) {
        return of(Reason.AUTH_FAILED, "auth-failed", message);
    }

    public static LoginFailure tlsUnavailable(String message) {
        return of(Reason.TLS_UNAVAILABLE, "tls-unavailable", message);
    }

    public static LoginFailure protocol(String message) {
        return of(Reason.PROTOCOL, "protocol-error", message);
    }

    public static LoginFailure timeout(String what) {
        return of(Reason.TIMEOUT, "timeout", "the server did not answer " + what + " in time; retrying");
    }

    public static LoginFailure network(String message) {
        return of(Reason.NETWORK, "connection-lost", message);
    }

    public static LoginFailure streamError(String condition, String text, Optional<String> redirect) {
        return new LoginFailure(Reason.STREAM_ERROR, "stream-error:" + condition,
                "the server closed the stream with <" + condition + "/>" + (text.isEmpty() ? "" : ": " + text),
                redirect);
    }

    public static LoginFailure from(ConnectFailure failure) {
        Reason reason = switch (failure.kind()) {
            case HOST_UNKNOWN -> Reason.HOST_UNKNOWN;
            case CONNECTION_REFUSED -> Reason.CONNECTION_REFUSED;
            case CONNECTION_TIMEOUT -> Reason.TIMEOUT;
            case CERTIFICATE_INVALID -> Reason.CERTIFICATE_INVALID;
            case TLS_FAILED -> Reason.TLS_UNAVAILABLE;
            case NETWORK -> Reason.NETWORK;
        };
        String code = failure.kind() == ConnectFailure.Kind.TLS_FAILED ? "tls-unavailable" : failure.kind().code();
        return of(reason, code, failure.getMessage());
    }

    /** The line shown as the account's last error. */
    public String describe() {
        return code + ": " + message;
    }
}
