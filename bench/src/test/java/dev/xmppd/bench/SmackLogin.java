package dev.xmppd.bench;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;

/**
 * Smack 4.4 logging in through the same recap as xmppd: STARTTLS, SASL, bind, stream management (XEP-0198), disco
 * of the server, roster, carbons (XEP-0280), initial presence. Each step is Smack's own blocking API, as an
 * application using Smack would call it. The server's certificate is trusted through a custom trust manager (a
 * custom SSLContext alone is not used for verification in 4.4).
 *
 * @param host    the server's address
 * @param port    its STARTTLS c2s port
 * @param domain  the XMPP domain
 * @param trust   trusts exactly the server's test certificate
 */
record SmackLogin(String host, int port, String domain, X509TrustManager trust) {

    static {
        SmackStax.useJdkParser();
        // Roster and carbons are asked for explicitly (and waited for) in login(), not in the background.
        Roster.setRosterLoadedAtLoginDefault(false);
        CarbonManager.setEnabledByDefault(false);
        XMPPTCPConnection.setUseStreamManagementDefault(true);
    }

    static SmackLogin of(String host, int port, String domain, Path certificatePem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificatePem)) {
            store.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return new SmackLogin(host, port, domain, x509);
            }
        }
        throw new IllegalStateException("no X.509 trust manager");
    }

    /** A connection logged in through the whole recap; the caller disconnects it. */
    XMPPTCPConnection login(String user, String password, String resource, Duration timeout) throws Exception {
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain)
                .setHostAddress(InetAddress.getByName(host))
                .setPort(port)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trust)
                .setUsernameAndPassword(user, password)
                .setResource(resource)
                .setSendPresence(false)
                .setConnectTimeout((int) timeout.toMillis())
                .build();
        XMPPTCPConnection connection = new XMPPTCPConnection(config);
        connection.setReplyTimeout(timeout.toMillis());
        connection.setUseStreamManagement(true);
        connection.connect().login();
        ServiceDiscoveryManager.getInstanceFor(connection).discoverInfo(connection.getXMPPServiceDomain());
        Roster.getInstanceFor(connection).reloadAndWait();
        CarbonManager.getInstanceFor(connection).enableCarbons();
        connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza().build());
        return connection;
    }
}
