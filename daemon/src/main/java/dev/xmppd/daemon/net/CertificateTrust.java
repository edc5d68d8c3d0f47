package dev.xmppd.daemon.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.Socket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which server certificates an account accepts (RFC 7590, RFC 6125). By default the system trust store,
 * with the name checked against the XMPP domain (not the SRV target). For a self-signed server either a
 * PEM file of trusted certificates (the name is still checked) or a SHA-256 pin of the leaf certificate's
 * DER encoding (the pin alone decides: the user vouched for exactly this certificate).
 */
public record CertificateTrust(Optional<Path> trustedCertificate, Optional<String> pinSha256) {

    public static final CertificateTrust SYSTEM = new CertificateTrust(Optional.empty(), Optional.empty());

    public CertificateTrust {
        pinSha256 = pinSha256.map(CertificateTrust::normalisePin);
    }

    /** A TLS 1.2+ client context (RFC 7590 §3.1 forbids older versions). */
    public SslContext clientContext() throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient().protocols("TLSv1.3", "TLSv1.2");
        if (pinSha256.isPresent()) {
            return builder.trustManager(new PinnedTrustManager(pinSha256.get())).endpointIdentificationAlgorithm(null)
                    .build();
        }
        trustedCertificate.ifPresent(file -> builder.trustManager(file.toFile()));
        return builder.endpointIdentificationAlgorithm("HTTPS").build();
    }

    /** Hex SHA-256 of a certificate's DER encoding, as a pin is written. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash certificate", e);
        }
    }

    /** A pin as users write it, hex (colons allowed) or base64, as lower-case hex. */
    public static String pinToHex(String pin) {
        String trimmed = pin.trim();
        String hex = trimmed.replace(":", "").toLowerCase(Locale.ROOT);
        if (hex.matches("[0-9a-f]{64}")) {
            return hex;
        }
        try {
            byte[] raw = java.util.Base64.getDecoder().decode(trimmed.startsWith("sha256/") ? trimmed.substring(7) : trimmed);
            if (raw.length == 32) {
                return HexFormat.of().formatHex(raw);
            }
        } catch (IllegalArgumentException e) {
            // not base64 either: normalisePin explains the expected form
        }
        return normalisePin(trimmed);
    }

    private static String normalisePin(String pin) {
        String hex = pin.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
        if (hex.startsWith("sha256/") || hex.startsWith("sha256:")) {
            hex = hex.substring(7);
        }
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a certificate pin is 64 hex digits (SHA-256 of the DER certificate)");
        }
        return hex;
    }

    /** Accepts exactly the pinned leaf certificate. */
    private static final class PinnedTrustManager extends X509ExtendedTrustManager {
        private final String pin;

        PinnedTrustManager(String pin) {
            this.pin = pin;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server sent no certificate");
            }
            String actual = fingerprint(chain[0]);
            if (!actual.equals(pin)) {
                throw new CertificateException("the server certificate (SHA-256 " + actual
                        + ") does not match the pinned one (" + pin + ")");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not checked here");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
