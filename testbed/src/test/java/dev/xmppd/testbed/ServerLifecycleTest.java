package dev.xmppd.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

class ServerLifecycleTest {

    @BothServers
    void restartsOnTheSamePortsWithTheSameAccounts(XmppServer server) {
        Account account = server.newAccount("restart");
        int starttls = server.starttlsPort();
        int directTls = server.directTlsPort();

        server.stop();
        assertThat(server.isRunning()).isFalse();
        assertThat(accepts(server.host(), starttls)).isFalse();
        assertThatThrownBy(() -> SlixmppPeer.connect(server, account)).isInstanceOf(PeerLoginException.class);

        server.start();
        assertThat(server.isRunning()).isTrue();
        assertThat(server.starttlsPort()).isEqualTo(starttls);
        assertThat(server.directTlsPort()).isEqualTo(directTls);
        try (SlixmppPeer peer = SlixmppPeer.connect(server, account,
                SlixmppPeer.Options.defaults().withDirectTls(true))) {
            peer.ping(null);
            assertThat(peer.isConnected()).isTrue();
        }
    }

    @BothServers
    void countsFailedAuthenticationsPerAccount(XmppServer server) {
        Account account = server.newAccount("auth");
        Account other = server.newAccount("auth");
        Account wrong = new Account(account.user(), account.domain(), "not-the-password");

        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> SlixmppPeer.connect(server, wrong))
                    .isInstanceOf(PeerLoginException.class)
                    .hasMessageContaining("authentication failed");
        }
        try (SlixmppPeer peer = SlixmppPeer.connect(server, other)) {
            peer.ping(null);
        }

        // One line per failed SASL exchange: slixmpp gives up after one on ejabberd, but on Prosody
        // it retries with the next mechanism (SCRAM-SHA-1-PLUS, then SCRAM-SHA-1) in the same stream.
        long failures = server.awaitAuthFailures(account.user(), 2, Duration.ofSeconds(10));
        assertThat(failures).isEqualTo(server.name().equals("prosody") ? 4 : 2);
        assertThat(server.authFailures(other.user())).isZero();
        // The log is written asynchronously (ejabberd): wait for the success line as for the failures.
        assertThat(server.awaitAuthSuccesses(other.user(), 1, Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(server.authFailures()).isGreaterThanOrEqualTo(2);
    }

    @BothServers
    void unregisteredAccountsCannotLogIn(XmppServer server) {
        Account account = server.newAccount("gone");
        try (SlixmppPeer peer = SlixmppPeer.connect(server, account)) {
            peer.ping(null);
        }
        server.unregister(account.user());

        assertThatThrownBy(() -> SlixmppPeer.connect(server, account))
                .isInstanceOf(PeerLoginException.class)
                .hasMessageContaining("authentication failed");
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
