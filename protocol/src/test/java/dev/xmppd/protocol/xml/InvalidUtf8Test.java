package dev.xmppd.protocol.xml;

import static dev.xmppd.protocol.xml.StreamInput.CLIENT_HEADER;
import static dev.xmppd.protocol.xml.StreamInput.failureOf;
import static dev.xmppd.protocol.xml.StreamInput.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bytes that are not UTF-8 make the stream not-well-formed (XML 1.0 §4.3.3; RFC 6120 §11.6 keeps
 * unsupported-encoding for a declared encoding other than UTF-8) — in text, in attributes, split or whole.
 */
class InvalidUtf8Test {

    static List<Arguments> sequences() {
        return List.of(
                Arguments.of("overlong '/'", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                Arguments.of("overlong NUL", new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}),
                Arguments.of("lone continuation byte", new byte[] {(byte) 0x80}),
                Arguments.of("0xFF", new byte[] {(byte) 0xFF}),
                Arguments.of("lead byte then ASCII", new byte[] {(byte) 0xE2, 'a', 'b'}),
                Arguments.of("truncated 4-byte sequence", new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}),
                Arguments.of("encoded surrogate (CESU-8)", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                Arguments.of("above U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                Arguments.of("control character U+0001", new byte[] {0x01}),
                Arguments.of("non-character U+FFFF", new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBF}));
    }

    private static byte[] stanzaWith(byte[] bad, boolean inAttribute) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(CLIENT_HEADER + (inAttribute ? "<message id='x" : "<message><body>x")));
        out.writeBytes(bad);
        out.writeBytes(utf8(inAttribute ? "'/>" : "</body></message>"));
        out.writeBytes(utf8(StreamInput.CLOSE));
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void invalidSequenceInTextIsNotWellFormed(String name, byte[] bad) {
        byte[] bytes = stanzaWith(bad, false);

        assertThat(failureOf(StreamInput.oneShot(bytes)).condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
        assertThat(failureOf(StreamInput.byteByByte(bytes)).condition())
                .isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void invalidSequenceInAttributeIsNotWellFormed(String name, byte[] bad) {
        byte[] bytes = stanzaWith(bad, true);

        assertThat(failureOf(StreamInput.oneShot(bytes)).condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void invalidSequenceAtTheEndOfInputIsNotWellFormed(String name, byte[] bad) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(CLIENT_HEADER + "<message><body>"));
        out.writeBytes(bad);
        byte[] bytes = out.toByteArray();

        List<StreamEvent> events = StreamInput.oneShot(bytes);

        assertThat(events).hasSize(2);
        assertThat(failureOf(events).condition()).isEqualTo(StreamErrorCondition.NOT_WELL_FORMED);
    }
}
