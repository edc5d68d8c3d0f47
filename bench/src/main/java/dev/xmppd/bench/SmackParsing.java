package dev.xmppd.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Smack 4.4's way of reading a stream, as its {@code XMPPTCPConnection} reader does: a blocking
 * {@link XmlPullParser} (smack-xmlparser-stax on the JDK's StAX parser, see {@link SmackStax}) over a UTF-8 reader
 * of the socket, each top-level element turned into a Smack {@link Stanza} by {@link PacketParserUtils#parseStanza}
 * with every extension provider Smack registers (MAM results, forwarded, delay, carbons, receipts, markers, caps,
 * roster, disco ...). The input stream returns at most {@code chunkSize} bytes per read, as a socket would.
 */
public final class SmackParsing {

    static {
        SmackStax.useJdkParser();
    }

    private SmackParsing() {
    }

    /** Reads the whole stream; returns the number of stanzas and throws if it is not read to its end. */
    public static int smack(byte[] stream, int chunkSize, Blackhole sink) {
        try (InputStreamReader reader = new InputStreamReader(new Chunks(stream, chunkSize), StandardCharsets.UTF_8)) {
            XmlPullParser parser = PacketParserUtils.getParserFor(reader);
            XmlEnvironment outer = XmlEnvironment.from(parser);
            int elements = 0;
            while (true) {
                switch (parser.next()) {
                    case START_ELEMENT -> {
                        Stanza stanza = PacketParserUtils.parseStanza(parser, outer);
                        sink.consume(stanza);
                        elements++;
                    }
                    case END_ELEMENT -> {
                        if (parser.getDepth() == 1) {
                            return elements; // </stream:stream>
                        }
                    }
                    case END_DOCUMENT -> throw new IllegalStateException("Smack's parser did not see </stream:stream>");
                    default -> {
                        // Whitespace keepalives between stanzas.
                    }
                }
            }
        } catch (IOException | XmlPullParserException | SmackParsingException e) {
            throw new IllegalStateException("Smack's parser failed", e);
        }
    }

    /** A byte array read at most {@code chunkSize} bytes at a time. */
    private static final class Chunks extends InputStream {
        private final ByteArrayInputStream in;
        private final int chunkSize;

        Chunks(byte[] stream, int chunkSize) {
            this.in = new ByteArrayInputStream(stream);
            this.chunkSize = chunkSize;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, chunkSize));
        }
    }
}
