package dev.xmppd.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CertificateTest {

    @BothServers
    void presentsTheGeneratedCertificateOnTheDirectTlsPort(XmppServer server) throws Exception {
        X509Certificate presented = presentedCertificate(server);

        assertThat(sha256(presented)).isEqualTo(server.certificateSha256());
        assertThat(presented.getSubjectAlternativeNames()).containsExactly(List.of(2, "localhost"));
        assertThat(server.certificateName()).isEqualTo("localhost");
    }

    @Test
    void generatesDistinctCertificatesForAnyName(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        TestCertificate wrong = TestCertificate.generate(dir, "wrong.example");

        assertThat(wrong.certificate().getSubjectAlternativeNames()).containsExactly(List.of(2, "wrong.example"));
        assertThat(wrong.sha256()).isEqualTo(sha256(wrong.certificate())).hasSize(64);
        assertThat(wrong.certificatePem()).content().startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(wrong.privateKeyPem()).content().startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Nested
    @ServerCertificate("wrong.example")
    class WithACertificateForAnotherName {

        @BothServers
        void presentsItAndAVerifyingClientRefusesToLogIn(XmppServer server) throws Exception {
            X509Certificate presented = presentedCertificate(server);
            Account account = server.newAccount("mismatch");

            assertThat(presented.getSubjectAlternativeNames()).containsExactly(List.of(2, "wrong.example"));
            assertThat(sha256(presented)).isEqualTo(server.certificateSha256());
            assertThatThrownBy(() -> SlixmppPeer.connect(server, account,
                    SlixmppPeer.Options.defaults().withDirectTls(true)))
                    .isInstanceOf(PeerLoginException.class);
        }
    }

    /** The leaf certificate of a direct-TLS handshake (SNI = the XMPP domain), trusting anything. */
    private static X509Certificate presentedCertificate(XmppServer server) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustEverything()}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(server.host(), server.directTlsPort())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(server.domain())));
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return (X509Certificate) chain[0];
        }
    }

    private static String sha256(X509Certificate certificate) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private static final class TrustEverything implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // the test inspects the certificate itself
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // the test inspects the certificate itself
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
