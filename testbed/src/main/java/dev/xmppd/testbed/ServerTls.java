package dev.xmppd.testbed;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLKeyException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** A server-side JSSE context presenting a {@link TestCertificate}. */
final class ServerTls {

    private ServerTls() {
    }

    /** The server's view of a channel binding: RFC 9266 {@code tls-exporter} or RFC 5929 {@code tls-server-end-point}. */
    static byte[] channelBinding(SSLSession session, String type) {
        try {
            return switch (type) {
                case "tls-exporter" -> ((ExtendedSSLSession) session).exportKeyingMaterialData(
                        "EXPORTER-Channel-Binding", new byte[0], 32);
                case "tls-server-end-point" -> {
                    X509Certificate ours = (X509Certificate) session.getLocalCertificates()[0];
                    // RFC 5929 §4.1: the certificate's signature hash, MD5 and SHA-1 replaced by SHA-256.
                    String signature = ours.getSigAlgName().toUpperCase(Locale.ROOT);
                    String digest = signature.startsWith("SHA384") ? "SHA-384"
                            : signature.startsWith("SHA512") ? "SHA-512" : "SHA-256";
                    yield MessageDigest.getInstance(digest).digest(ours.getEncoded());
                }
                default -> throw new IllegalArgumentException("unknown channel binding " + type);
            };
        } catch (GeneralSecurityException | SSLKeyException e) {
            throw new IllegalStateException("cannot compute " + type, e);
        }
    }

    static SSLContext context(TestCertificate certificate) {
        try (Reader pem = Files.newBufferedReader(certificate.privateKeyPem());
             PEMParser parser = new PEMParser(pem)) {
            PrivateKey key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "testbed".toCharArray();
            store.setKeyEntry("server", key, password, new Certificate[] {certificate.certificate()});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the test certificate's key", e);
        }
    }
}
