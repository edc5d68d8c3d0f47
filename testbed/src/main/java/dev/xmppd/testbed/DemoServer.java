package dev.xmppd.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * scripts/demo's server side: a throw-away Prosody with two accounts, alice (for xmppd) and bob (a slixmpp peer).
 * Writes {@code DIR/server.env} (shell variables) and reads commands on stdin: {@code send N} makes bob send N
 * messages to alice; {@code stop} (or the end of input) stops everything and removes the server's directory.
 */
public final class DemoServer {
    private DemoServer() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        try (ProsodyServer prosody = new ProsodyServer()) {
            prosody.start();
            Account alice = prosody.newAccount("alice");
            Account bob = prosody.newAccount("bob");
            Path password = dir.resolve("alice.password");
            Files.writeString(password, alice.password() + "\n");
            Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Files.writeString(dir.resolve("server.env"), """
                    HOST=%s
                    PORT=%d
                    CERT=%s
                    ALICE=%s
                    ALICE_PASSWORD_FILE=%s
                    BOB=%s
                    """.formatted(prosody.host(), prosody.starttlsPort(), prosody.certificatePem(), alice.jid(),
                    password, bob.jid()));
            System.out.println("ready");
            try (SlixmppPeer peer = SlixmppPeer.connect(prosody, bob);
                 BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
                    if (line.startsWith("send ")) {
                        int count = Integer.parseInt(line.substring("send ".length()).strip());
                        for (int i = 1; i <= count; i++) {
                            peer.sendMessage(alice.jid(), "hello alice, message " + i + " of " + count,
                                    "demo-" + i, "chat");
                        }
                        peer.ping(prosody.domain());
                        System.out.println("sent " + count);
                    }
                }
            }
        }
        System.out.println("stopped");
    }
}
