package dev.xmppd.protocol.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The array-backed attribute map behaves like any immutable, ordered {@link Map}. */
class AttributesTest {

    @Test
    void keepsOrderAndEqualsOtherMaps() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("to", "a@b");
        source.put("id", "1");
        source.put("xml:lang", "en");

        Element element = new Element("message", "jabber:client", source, java.util.List.of());
        source.put("type", "chat");

        assertThat(element.attributes()).containsExactly(Map.entry("to", "a@b"), Map.entry("id", "1"),
                Map.entry("xml:lang", "en"));
        assertThat(element.attributes()).isEqualTo(new HashMap<>(Map.of("to", "a@b", "id", "1", "xml:lang", "en")));
        assertThat(element.attributes().hashCode()).isEqualTo(Map.of("to", "a@b", "id", "1", "xml:lang", "en").hashCode());
        assertThat(element.attribute("id")).contains("1");
        assertThat(element.attribute("type")).isEmpty();
    }

    @Test
    void isImmutable() {
        Element element = Element.builder("message", "jabber:client").attribute("id", "1").build();

        assertThatThrownBy(() -> element.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> element.attributes().entrySet().iterator().remove())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(element.withAttribute("id", null).attributes()).isEmpty();
        assertThat(element.attributes()).containsOnlyKeys("id");
    }

    @Test
    void rejectsNullValues() {
        Map<String, String> source = new HashMap<>();
        source.put("id", null);

        assertThatThrownBy(() -> new Element("message", "jabber:client", source, java.util.List.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("id");
    }
}
