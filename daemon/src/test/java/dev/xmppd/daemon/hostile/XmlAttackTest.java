package dev.xmppd.daemon.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.testbed.CannedLogin;
import dev.xmppd.testbed.ScriptedConnection;
import dev.xmppd.testbed.ScriptedServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XML a server must never send (RFC 6120 §11: restricted XML; §4.9.3: stream errors): the daemon answers with the
 * stream error naming the fault, drops the connection, logs in again, and stores nothing of what came with it.
 */
class XmlAttackTest {

    private static final String FORGED = "<message from='mallory@localhost/x' to='" + Hostile.ALICE_FULL
            + "' type='chat' id='forged'><body>forged</body></message>";

    @TempDir
    Path dir;

    @Test
    void billionLaughsInTheStreamPrologIsRestrictedXml() {
        try (Hostile h = Hostile.start(dir, c -> doctypeBeforeHeader(c, "<!DOCTYPE stream:stream [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"))) {
            attacked(h, "restricted-xml");
        }
    }

    @Test
    void anExternalEntityIsNeverFetched() throws Exception {
        try (ScriptedServer target = ScriptedServer.start(Files.createDirectories(dir.resolve("target")),
                ScriptedConnection::stallUntilClosed);
             Hostile h = Hostile.start(dir, c -> doctypeBeforeHeader(c, "<!DOCTYPE stream:stream [<!ENTITY xxe "
                     + "SYSTEM 'http://127.0.0.1:" + target.port() + "/secret'>]>"))) {
            attacked(h, "restricted-xml");
            assertThat(target.connections()).as("connections to the external entity's address").isZero();
        }
    }

    private static void doctypeBeforeHeader(ScriptedConnection c, String doctype) {
        c.expect("^<stream:stream\\b");
        String declaration = "<?xml version='1.0'?>";
        c.send(declaration + doctype + CannedLogin.header(c).substring(declaration.length())
                + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>");
        c.stallUntilClosed();
    }

    @Test
    void anEntityReferenceInAStanzaIsRestrictedXml() {
        afterLogin("<message type='chat'><body>&lol3;</body></message>", "restricted-xml");
    }

    @Test
    void aCommentIsRestrictedXml() {
        afterLogin("<!-- a comment -->" + FORGED, "restricted-xml");
    }

    @Test
    void aProcessingInstructionIsRestrictedXml() {
        afterLogin("<?evil instruction?>" + FORGED, "restricted-xml");
    }

    @Test
    void invalidUtf8IsNotWellFormed() {
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
        try (Hostile h = Hostile.start(dir, c -> {
            Hostile.online(c);
            c.send("<message type='chat' to='" + Hostile.ALICE_FULL + "'><body>");
            c.sendBytes(bad);
            c.send("</body></message>");
            c.stallUntilClosed();
        })) {
            attacked(h, "not-well-formed");
        }
    }

    @Test
    void tenThousandDeepNestingIsAPolicyViolation() {
        afterLogin("<message>" + "<a>".repeat(10_000) + "</a>".repeat(10_000) + "</message>", "policy-violation");
    }

    @Test
    void aStreamHeaderInAnotherNamespaceIsInvalidNamespace() {
        try (Hostile h = Hostile.start(dir, c -> {
            c.expect("^<stream:stream\\b");
            c.send(CannedLogin.header(c).replace("http://etherx.jabber.org/streams", "urn:example:not-streams"));
            c.stallUntilClosed();
        })) {
            attacked(h, "invalid-namespace");
        }
    }

    @Test
    void textBetweenStanzasIsRefused() {
        afterLogin("this is not whitespace" + FORGED, "bad-format");
    }

    @Test
    void aHundredMebibyteStanzaIsCutOffEarly() {
        AtomicLong accepted = new AtomicLong();
        try (Hostile h = Hostile.start(dir, c -> {
            Hostile.online(c);
            c.send("<message type='chat' to='" + Hostile.ALICE_FULL + "'><body>");
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            // Sent from another thread while this one reads, so the daemon's stream error is read before its close.
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        c.sendBytes(chunk);
                        accepted.addAndGet(chunk.length);
                    }
                } catch (ScriptedConnection.ClientGone gone) {
                    // the daemon closed the connection: what we wanted
                }
            });
            c.stallUntilClosed();
        })) {
            attacked(h, "policy-violation");
            // The daemon stopped reading at its 1 MiB limit; the rest never left our socket buffers.
            assertThat(accepted.get()).isLessThan(32L << 20);
        }
    }

    @Test
    void anUnclosedStreamAtEofStoresNothing() {
        try (Hostile h = Hostile.start(dir, c -> {
            Hostile.online(c);
            c.send("<message type='chat' to='" + Hostile.ALICE_FULL + "'><body>half a stan");
            c.close();
        })) {
            h.awaitAliceBack();
            h.assertUnharmed();
        }
    }

    private void afterLogin(String hostile, String condition) {
        try (Hostile h = Hostile.start(dir, c -> {
            Hostile.online(c);
            c.send(hostile);
            c.stallUntilClosed();
        })) {
            attacked(h, condition);
        }
    }

    private static void attacked(Hostile h, String condition) {
        h.awaitStreamError(condition);
        h.awaitAliceBack();
        Awaitility.await().atMost(Hostile.WAIT).until(() -> h.server.received().contains("</stream:stream>"));
        h.assertUnharmed();
    }
}
