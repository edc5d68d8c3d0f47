package dev.xmppd.daemon.net;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;

/** Why a connection could not be made or secured, sorted into what a user can act on. */
public final class ConnectFailure extends Exception {

    public enum Kind {
        HOST_UNKNOWN("host-unknown"),
        CONNECTION_REFUSED("connection-refused"),
        CONNECTION_TIMEOUT("connection-timeout"),
        CERTIFICATE_INVALID("certificate-invalid"),
        TLS_FAILED("tls-failed"),
        NETWORK("network-error");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Kind kind;

    public ConnectFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ConnectFailure classify(Throwable cause, ServerEndpoint endpoint) {
        if (cause instanceof ConnectFailure failure) {
            return failure;
        }
        if (hasCause(cause, CertificateException.class)) {
            return new ConnectFailure(Kind.CERTIFICATE_INVALID, "the certificate of " + endpoint
                    + " is not trusted: " + certificateProblem(cause)
                    + "; fix the server certificate, or set a trusted certificate or pin for the account", cause);
        }
        if (hasCause(cause, UnknownHostException.class)) {
            return new ConnectFailure(Kind.HOST_UNKNOWN, "cannot resolve " + endpoint.host()
                    + " (check the domain or the host override)", cause);
        }
        if (cause instanceof ConnectTimeoutException || cause instanceof SslHandshakeTimeoutException) {
            return new ConnectFailure(Kind.CONNECTION_TIMEOUT, endpoint + " did not answer in time", cause);
        }
        if (cause instanceof ConnectException) {
            return new ConnectFailure(Kind.CONNECTION_REFUSED, endpoint + " refused the connection ("
                    + rootMessage(cause) + ")", cause);
        }
        if (hasCause(cause, SSLHandshakeException.class)) {
            return new ConnectFailure(Kind.TLS_FAILED, "TLS with " + endpoint + " failed: " + rootMessage(cause),
                    cause);
        }
        return new ConnectFailure(Kind.NETWORK, "connection to " + endpoint + " failed: " + rootMessage(cause), cause);
    }

    /** The JDK's reason in a user's words, its own text kept for the details. */
    private static String certificateProblem(Throwable cause) {
        String detail = rootMessage(cause);
        if (hasCause(cause, CertPathBuilderException.class)) {
            return "no authority we trust signed it, e.g. it is self-signed (" + detail + ")";
        }
        if (detail.startsWith("No subject alternative") || detail.startsWith("No name matching")) {
            // RFC 6125 §6: the reference identity is the XMPP domain.
            return "it is issued for another name than the XMPP domain (" + detail + ")";
        }
        return detail;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
