package dev.xmppd.daemon.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/** XEP-0368 §3: SNI is the XMPP domain; ALPN {@code xmpp-client} on direct TLS only. */
class TlsParametersTest {

    @Test
    void directTlsNamesTheDomainAndSpeaksXmppClient() throws Exception {
        SSLParameters p = Connection.xmppParameters(engine().getSSLParameters(), "example.org", true);
        assertThat(p.getServerNames()).containsExactly(new SNIHostName("example.org"));
        assertThat(p.getApplicationProtocols()).containsExactly("xmpp-client");
    }

    @Test
    void startTlsNamesTheDomainWithoutAlpn() throws Exception {
        SSLParameters p = Connection.xmppParameters(engine().getSSLParameters(), "localhost", false);
        assertThat(p.getServerNames()).containsExactly(new SNIHostName("localhost"));
        assertThat(p.getApplicationProtocols()).isEmpty();
    }

    @Test
    void anAddressLiteralGetsNoSni() throws Exception {
        SSLParameters before = engine().getSSLParameters();
        List<?> defaults = before.getServerNames() == null ? List.of() : before.getServerNames();
        SSLParameters p = Connection.xmppParameters(before, "127.0.0.1", true);
        assertThat(p.getServerNames() == null ? List.of() : p.getServerNames()).isEqualTo(defaults);
        assertThat(p.getApplicationProtocols()).containsExactly("xmpp-client");
    }

    private static SSLEngine engine() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("example.org", 5223);
        engine.setUseClientMode(true);
        return engine;
    }
}
