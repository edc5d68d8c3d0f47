package dev.xmppd.protocol.jid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.protocol.jid.InvalidJidException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JidTest {

    @Test
    void parsesTheThreeParts() {
        Jid jid = Jid.parse("d@conversations.im/desktop.Uf34");
        assertThat(jid.local()).contains("d");
        assertThat(jid.domain()).isEqualTo("conversations.im");
        assertThat(jid.resource()).contains("desktop.Uf34");
        assertThat(jid.isBare()).isFalse();
        assertThat(jid.bare()).hasToString("d@conversations.im");
        assertThat(jid.domainJid()).hasToString("conversations.im");
        assertThat(jid.domainJid().isDomain()).isTrue();
        assertThat(jid.bare().withResource("mobile")).hasToString("d@conversations.im/mobile");
    }

    @Test
    void localpartIsCaseMappedAndResourceIsNot() {
        Jid jid = Jid.parse("Juliet@Example.COM/Balcony");
        assertThat(jid).hasToString("juliet@example.com/Balcony");
        assertThat(jid).isEqualTo(Jid.parse("juliet@example.com/Balcony"));
        assertThat(jid.hashCode()).isEqualTo(Jid.parse("JULIET@example.com/Balcony").hashCode());
        assertThat(jid).isNotEqualTo(Jid.parse("juliet@example.com/balcony"));
    }

    @Test
    void fullwidthCharactersAreWidthMapped() {
        // U+FF2A FULLWIDTH LATIN CAPITAL LETTER J etc.
        assertThat(Jid.parse("\uFF2A\uFF35\uFF2C\uFF29\uFF25\uFF34@example.com").local()).contains("juliet");
    }

    @Test
    void resourceMayHoldSlashAtAndSpaces() {
        Jid jid = Jid.parse("juliet@example.com/foo@bar/baz qux");
        assertThat(jid.resource()).contains("foo@bar/baz qux");
        assertThat(jid.local()).contains("juliet");
    }

    @Test
    void domainIsLowercasedIdnDecodedAndLosesTrailingDot() {
        assertThat(Jid.parse("a@EXAMPLE.com.").domain()).isEqualTo("example.com");
        assertThat(Jid.parse("a@xn--mnchen-3ya.de").domain()).isEqualTo("münchen.de");
        assertThat(Jid.parse("a@MÜNCHEN.de")).isEqualTo(Jid.parse("a@xn--mnchen-3ya.de"));
    }

    @Test
    void ipLiteralDomains() {
        assertThat(Jid.parse("a@[2001:DB8::1]/r").domain()).isEqualTo("[2001:db8::1]");
        assertThat(Jid.parse("a@192.0.2.1").domain()).isEqualTo("192.0.2.1");
        assertInvalid("a@[not:an:address]", Reason.DOMAIN_INVALID);
        assertInvalid("a@[::1", Reason.DOMAIN_INVALID);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|EMPTY",
        "@example.com|EMPTY_LOCALPART",
        "juliet@example.com/|EMPTY_RESOURCE",
        "juliet@|EMPTY_DOMAIN",
        "juliet@.|EMPTY_DOMAIN",
        "jul iet@example.com|FORBIDDEN_CHARACTER",
        "jul\"iet@example.com|FORBIDDEN_CHARACTER",
        "a@b@example.com|DOMAIN_INVALID",
        "juliet@exa mple.com|DOMAIN_INVALID",
        "juliet@example..com|DOMAIN_INVALID",
    })
    void invalidJids(String text, Reason reason) {
        assertInvalid(text, reason);
    }

    @Test
    void atSignInALocalpartGivenAsAPartIsForbidden() {
        assertThatThrownBy(() -> Jid.of("a@b", "example.com", null))
                .isInstanceOfSatisfying(InvalidJidException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.FORBIDDEN_CHARACTER));
        assertThat(Jid.of("A", "Example.com", "r")).hasToString("a@example.com/r");
    }

    @Test
    void controlCharactersInResourceAreForbidden() {
        assertInvalid("juliet@example.com/a\u0007b", Reason.FORBIDDEN_CHARACTER);
    }

    @Test
    void bidiRuleFailure() {
        // An RTL label (Hebrew alef) followed by an LTR letter breaks RFC 5893 rule 2.
        assertInvalid("\u05D0a@example.com", Reason.BIDI_RULE);
    }

    @Test
    void partsLongerThan1023BytesAreRefused() {
        String longPart = "a".repeat(1024);
        assertInvalid(longPart + "@example.com", Reason.LOCALPART_TOO_LONG);
        assertInvalid("a@example.com/" + longPart, Reason.RESOURCE_TOO_LONG);
        assertThat(Jid.parse("a".repeat(1023) + "@example.com").local()).isPresent();
        // 512 two-byte characters = 1024 bytes.
        assertInvalid("a@example.com/" + "é".repeat(512), Reason.RESOURCE_TOO_LONG);
    }

    @Test
    void messageNamesTheProblemAndTryParseIsEmpty() {
        assertThatThrownBy(() -> Jid.parse("jul iet@example.com"))
                .hasMessageContaining("jul iet@example.com").hasMessageContaining("localpart");
        assertThat(Jid.tryParse("jul iet@example.com")).isEmpty();
        assertThat(Jid.tryParse(null)).isEmpty();
        assertThat(Jid.tryParse("example.com")).map(Jid::isDomain).contains(true);
    }

    @Test
    void xep0106EscapingRoundTrips() {
        String escaped = Jid.escapeLocal("d'artagnan@musketeers space");
        assertThat(escaped).isEqualTo("d\\27artagnan\\40musketeers\\20space");
        assertThat(Jid.unescapeLocal(escaped)).isEqualTo("d'artagnan@musketeers space");
        assertThat(Jid.parse(escaped + "@example.com").local()).contains(escaped);
        assertThat(Jid.escapeLocal("c:\\net")).isEqualTo("c\\3a\\net");
        assertThat(Jid.escapeLocal("c:\\5cnet")).isEqualTo("c\\3a\\5c5cnet");
        assertThat(Jid.unescapeLocal("c\\3a\\5c5cnet")).isEqualTo("c:\\5cnet");
    }

    private static void assertInvalid(String text, Reason reason) {
        assertThatThrownBy(() -> Jid.parse(text))
                .isInstanceOfSatisfying(InvalidJidException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
