package dev.xmppd.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.xmppd.protocol.jid.InvalidJidException;
import dev.xmppd.protocol.jid.Jid;

/**
 * {@link Jid#parse} on arbitrary text (any UTF-16, lone surrogates included): either a JID or an
 * {@link InvalidJidException} with a reason, nothing else; a parsed JID is already normalised, so its string
 * form parses to the same JID (RFC 7622 §3: an address compares equal after preparation), and so do its bare
 * and domain forms.
 */
class JidFuzzTest {

    @FuzzTest(maxDuration = "7m")
    void parseIsTotalAndStable(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Jid jid;
        try {
            jid = Jid.parse(text);
        } catch (InvalidJidException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(Jid.tryParse(text)).isEmpty();
            return;
        }
        assertThat(Jid.tryParse(text)).contains(jid);
        Jid again = Jid.parse(jid.toString());
        assertThat(again).isEqualTo(jid);
        assertThat(again.toString()).isEqualTo(jid.toString());
        assertThat(Jid.parse(jid.bare().toString())).isEqualTo(jid.bare());
        assertThat(Jid.parse(jid.domainJid().toString())).isEqualTo(jid.domainJid());
        assertThat(jid.compareTo(again)).isZero();
        assertThat(jid.hashCode()).isEqualTo(again.hashCode());
    }

    /** XEP-0106: escaping then unescaping gives the text back. */
    @FuzzTest(maxDuration = "3m")
    void localpartEscapingRoundTrips(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        assertThat(Jid.unescapeLocal(Jid.escapeLocal(text))).isEqualTo(text);
    }
}
