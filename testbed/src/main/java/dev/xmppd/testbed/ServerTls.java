package dev.xmppd.testbed;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** A server-side JSSE context presenting a {@link TestCertificate}. */
final class ServerTls {

    private ServerTls() {
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
