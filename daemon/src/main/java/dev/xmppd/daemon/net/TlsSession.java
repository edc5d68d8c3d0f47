package dev.xmppd.daemon.net;

import dev.xmppd.protocol.sasl.ChannelBinding;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLKeyException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What the login needs to know about an established TLS session: its version and cipher, and the
 * channel bindings SCRAM -PLUS can use, strongest first: {@code tls-exporter} (RFC 9266, TLS 1.3 only,
 * through the JDK 25 keying-material exporter) and {@code tls-server-end-point} (RFC 5929 §4, the hash of
 * the server certificate).
 */
public record TlsSession(String protocol, String cipherSuite, List<ChannelBinding> channelBindings) {

    public TlsSession {
        channelBindings = List.copyOf(channelBindings);
    }

    static TlsSession of(SSLSession session) {
        List<ChannelBinding> bindings = new ArrayList<>();
        exporter(session).ifPresent(bindings::add);
        serverEndPoint(session).ifPresent(bindings::add);
        return new TlsSession(session.getProtocol(), session.getCipherSuite(), bindings);
    }

    public Optional<ChannelBinding> binding(String type) {
        return channelBindings.stream().filter(b -> b.type().equals(type)).findFirst();
    }

    private static Optional<ChannelBinding> exporter(SSLSession session) {
        // RFC 9266 §2: defined for TLS 1.3; with TLS 1.2 it would need the extended master secret.
        if (!"TLSv1.3".equals(session.getProtocol()) || !(session instanceof ExtendedSSLSession extended)) {
            return Optional.empty();
        }
        try {
            byte[] data = extended.exportKeyingMaterialData("EXPORTER-Channel-Binding", new byte[0], 32);
            return data == null ? Optional.empty()
                    : Optional.of(new ChannelBinding(ChannelBinding.TLS_EXPORTER, data));
        } catch (SSLKeyException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static Optional<ChannelBinding> serverEndPoint(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return Optional.empty();
            }
            String digest = endPointDigest(leaf.getSigAlgName());
            byte[] hash = MessageDigest.getInstance(digest).digest(leaf.getEncoded());
            return Optional.of(new ChannelBinding(ChannelBinding.TLS_SERVER_END_POINT, hash));
        } catch (SSLPeerUnverifiedException | NoSuchAlgorithmException | CertificateEncodingException e) {
            return Optional.empty();
        }
    }

    /** RFC 5929 §4.1: the certificate's signature hash, except MD5 and SHA-1 become SHA-256. */
    static String endPointDigest(String signatureAlgorithm) {
        String upper = signatureAlgorithm.toUpperCase(Locale.ROOT);
        if (upper.startsWith("SHA384")) {
            return "SHA-384";
        }
        if (upper.startsWith("SHA512")) {
            return "SHA-512";
        }
        return "SHA-256";
    }
}
