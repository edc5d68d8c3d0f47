package dev.xmppd.protocol.sasl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * SASL SCRAM downgrade protection (XEP-0474 §5, "SSDP"): what the server advertised, as the client saw it. The
 * server puts the hash of its real lists into the SCRAM server-first-message (attribute {@code h}); the client
 * hashes what reached it. A man in the middle who stripped a mechanism or a channel-binding type makes the two
 * differ, and the client refuses before it sends its proof. The attribute is covered by the SCRAM signatures, so
 * it cannot be forged without the password.
 *
 * @param mechanisms          the SASL mechanisms advertised (SASL1 or SASL2, whichever the client uses)
 * @param channelBindingTypes the XEP-0440 channel-binding types, empty when the server did not use XEP-0440
 */
public record DowngradeProtection(List<String> mechanisms, Optional<List<String>> channelBindingTypes) {

    /** The SCRAM attribute that carries the hash (XEP-0474 0.4+; drafts before used {@code d}). */
    public static final char ATTRIBUTE = 'h';

    private static final char RECORD_SEPARATOR = '\u001e';
    private static final char UNIT_SEPARATOR = '\u001f';
    /** RFC 4790 §9.3 "i;octet": byte order of the UTF-8 encoding. */
    private static final Comparator<String> OCTET_ORDER = (a, b) -> java.util.Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    public DowngradeProtection {
        mechanisms = List.copyOf(mechanisms);
        channelBindingTypes = channelBindingTypes.map(List::copyOf);
    }

    /**
     * The string S of XEP-0474 §5.1: sorted mechanisms joined by %x1E, then, when XEP-0440 was used, %x1F and the
     * sorted channel-binding types joined by %x1E.
     */
    public String hashInput() {
        StringBuilder s = new StringBuilder(String.join(String.valueOf(RECORD_SEPARATOR), sorted(mechanisms)));
        channelBindingTypes.ifPresent(types -> s.append(UNIT_SEPARATOR)
                .append(String.join(String.valueOf(RECORD_SEPARATOR), sorted(types))));
        return s.toString();
    }

    /** Base64 of the hash of {@link #hashInput()} with the SCRAM mechanism's hash function. */
    public String hash(ScramAlgorithm algorithm) {
        byte[] digest = new ScramFunctions(algorithm).hash(hashInput().getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(digest);
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(OCTET_ORDER);
        return copy;
    }
}
