package dev.xmppd.bench;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes one stanza at a time, as a server sends it to {@code d@conversations.im/desktop.Uf34}, drawing
 * every choice from a seeded random source. Stanzas alternate between two server styles: single-quoted
 * attributes with all five predefined entities escaped (Prosody), and double-quoted attributes escaping
 * only what XML requires (ejabberd).
 */
final class StanzaGenerator {

    private static final String OWN_BARE = "d@conversations.im";
    private static final String OWN_FULL = OWN_BARE + "/desktop.Uf34";
    private static final String OWN_OTHER = OWN_BARE + "/phone.H3x0";
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    /** 2024-03-01T08:00:00Z: the recorded session's start. */
    private static final long START = 1_709_280_000L;

    private final SplittableRandom random;
    private long clock = START;
    private int sequence;
    private StringBuilder out;
    private char quote;
    private boolean escapeAll;

    StanzaGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Appends one stanza to {@code xml} and says which kind it was. */
    StanzaKind next(StringBuilder xml) {
        out = xml;
        escapeAll = random.nextInt(10) < 6;
        quote = escapeAll ? '\'' : '"';
        clock += 1 + random.nextInt(90);
        sequence++;
        StanzaKind kind = StanzaKind.forDraw(random.nextInt(100));
        switch (kind) {
            case CHAT -> chat();
            case MAM_RESULT -> mamResult();
            case CARBON -> carbon();
            case PRESENCE -> presence();
            case ROSTER_RESULT -> rosterResult();
            case DISCO_RESULT -> discoResult();
        }
        return kind;
    }

    boolean oneIn(int n) {
        return random.nextInt(n) == 0;
    }

    private void chat() {
        start("message").attr("from", contactFull()).attr("to", OWN_FULL).attr("type", "chat").attr("id", uuid());
        if (oneIn(3)) {
            attr("xml:lang", "en");
        }
        out.append('>');
        if (oneIn(4)) {
            empty("active", "http://jabber.org/protocol/chatstates");
        }
        textElement("body", body());
        if (oneIn(5)) {
            textElement("thread", uuid());
        }
        if (oneIn(2)) {
            empty("request", "urn:xmpp:receipts");
        }
        if (oneIn(2)) {
            empty("markable", "urn:xmpp:chat-markers:0");
        }
        start("origin-id").xmlns("urn:xmpp:sid:0").attr("id", uuid()).out.append("/>");
        start("stanza-id").xmlns("urn:xmpp:sid:0").attr("id", uuid()).attr("by", OWN_BARE).out.append("/>");
        if (oneIn(6)) {
            start("delay").xmlns("urn:xmpp:delay").attr("from", "conversations.im").attr("stamp", stamp(3_600));
            out.append('>').append("Offline Storage");
            end("delay");
        }
        end("message");
    }

    private void mamResult() {
        start("message").attr("to", OWN_FULL);
        if (oneIn(2)) {
            attr("from", OWN_BARE);
        }
        out.append('>');
        start("result").xmlns("urn:xmpp:mam:2").attr("queryid", "f27a").attr("id", uuid()).out.append('>');
        forwarded(stamp(86_400 * 30));
        end("result");
        end("message");
    }

    private void carbon() {
        String direction = oneIn(2) ? "received" : "sent";
        start("message").attr("from", OWN_BARE).attr("to", OWN_FULL).attr("type", "chat").out.append('>');
        start(direction).xmlns("urn:xmpp:carbons:2").out.append('>');
        forwarded(null);
        end(direction);
        end("message");
    }

    /** A forwarded message (XEP-0297), with a delay when {@code stamp} is given. */
    private void forwarded(String stamp) {
        start("forwarded").xmlns("urn:xmpp:forward:0").out.append('>');
        if (stamp != null) {
            start("delay").xmlns("urn:xmpp:delay").attr("stamp", stamp).out.append("/>");
        }
        boolean outgoing = random.nextInt(10) < 4;
        start("message").xmlns("jabber:client")
                .attr("from", outgoing ? OWN_OTHER : contactFull())
                .attr("to", outgoing ? contactBare() : OWN_BARE)
                .attr("type", "chat").attr("id", uuid()).out.append('>');
        textElement("body", body());
        if (oneIn(3)) {
            empty("markable", "urn:xmpp:chat-markers:0");
        }
        start("origin-id").xmlns("urn:xmpp:sid:0").attr("id", uuid()).out.append("/>");
        end("message");
        end("forwarded");
    }

    private void presence() {
        start("presence").attr("from", contactFull()).attr("to", OWN_FULL);
        boolean unavailable = oneIn(10);
        if (unavailable) {
            attr("type", "unavailable").out.append('>');
            if (oneIn(2)) {
                textElement("status", pick(Corpus.STATUS));
            }
            end("presence");
            return;
        }
        out.append('>');
        if (oneIn(2)) {
            textElement("show", pick(List.of("away", "chat", "dnd", "xa")));
        }
        if (oneIn(3)) {
            textElement("status", pick(Corpus.STATUS));
        }
        textElement("priority", Integer.toString(random.nextInt(-1, 51)));
        String[] client = pick(Corpus.CLIENTS);
        start("c").xmlns("http://jabber.org/protocol/caps").attr("hash", "sha-1").attr("node", client[0])
                .attr("ver", base64(20)).out.append("/>");
        start("x").xmlns("vcard-temp:x:update").out.append('>');
        textElement("photo", hex(20));
        end("x");
        if (oneIn(4)) {
            start("idle").xmlns("urn:xmpp:idle:1").attr("since", stamp(7_200)).out.append("/>");
        }
        end("presence");
    }

    private void rosterResult() {
        start("iq").attr("type", "result").attr("id", "roster" + sequence).attr("to", OWN_FULL).out.append('>');
        start("query").xmlns("jabber:iq:roster").attr("ver", "v" + sequence).out.append('>');
        int items = 5 + random.nextInt(56);
        for (int i = 0; i < items; i++) {
            start("item").attr("jid", contactBare())
                    .attr("subscription", pick(List.of("both", "both", "to", "from", "none")));
            if (oneIn(8)) {
                attr("ask", "subscribe");
            }
            if (random.nextInt(3) > 0) {
                attr("name", pick(Corpus.ROSTER_NAMES));
            }
            int groups = random.nextInt(3);
            if (groups == 0) {
                out.append("/>");
                continue;
            }
            out.append('>');
            for (int g = 0; g < groups; g++) {
                textElement("group", pick(Corpus.GROUPS));
            }
            end("item");
        }
        end("query");
        end("iq");
    }

    private void discoResult() {
        String[] client = pick(Corpus.CLIENTS);
        String ver = base64(20);
        start("iq").attr("from", contactFull()).attr("to", OWN_FULL).attr("type", "result")
                .attr("id", "disco" + sequence).out.append('>');
        start("query").xmlns("http://jabber.org/protocol/disco#info").attr("node", client[0] + "#" + ver)
                .out.append('>');
        start("identity").attr("category", "client").attr("type", client[1]).attr("name", client[2]).out.append("/>");
        for (String feature : Corpus.FEATURES) {
            if (random.nextInt(10) < 6) {
                start("feature").attr("var", feature).out.append("/>");
            }
        }
        if (oneIn(3)) {
            start("x").xmlns("jabber:x:data").attr("type", "result").out.append('>');
            field("FORM_TYPE", "urn:xmpp:dataforms:softwareinfo", true);
            field("software", client[2], false);
            field("software_version", random.nextInt(1, 3) + "." + random.nextInt(20), false);
            field("os", pick(List.of("Android", "Linux", "iOS", "Windows")), false);
            end("x");
        }
        end("query");
        end("iq");
    }

    private void field(String var, String value, boolean hidden) {
        start("field").attr("var", var);
        if (hidden) {
            attr("type", "hidden");
        }
        out.append('>');
        textElement("value", value);
        end("field");
    }

    /** A message body: mostly a short line, sometimes a paragraph, rarely a long paste spanning chunks. */
    private String body() {
        int draw = random.nextInt(100);
        int words = draw < 85 ? 2 + random.nextInt(24) : draw < 97 ? 25 + random.nextInt(96) : 300 + random.nextInt(401);
        StringBuilder text = new StringBuilder(words * 7);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                text.append(' ');
            }
            int source = random.nextInt(100);
            text.append(pick(source < 85 ? Corpus.WORDS : source < 97 ? Corpus.NON_ASCII_WORDS : Corpus.MARKUP_WORDS));
        }
        return text.toString();
    }

    private String contactBare() {
        return pick(Corpus.LOCALPARTS) + "@" + pick(Corpus.DOMAINS);
    }

    private String contactFull() {
        return contactBare() + "/" + pick(Corpus.RESOURCES);
    }

    /** A timestamp (XEP-0082) up to {@code maxAgeSeconds} before the current clock, sometimes with millis. */
    private String stamp(int maxAgeSeconds) {
        Instant instant = Instant.ofEpochSecond(clock - random.nextInt(maxAgeSeconds));
        if (oneIn(2)) {
            instant = instant.plusMillis(random.nextInt(1000));
        }
        return instant.toString();
    }

    private String uuid() {
        String hex = hex(16);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private String hex(int bytes) {
        char[] chars = new char[bytes * 2];
        for (int i = 0; i < bytes; i++) {
            int b = random.nextInt(256);
            chars[2 * i] = HEX[b >> 4];
            chars[2 * i + 1] = HEX[b & 0xF];
        }
        return new String(chars);
    }

    /** Base64 of {@code bytes} random bytes, as in a caps verification string. */
    private String base64(int bytes) {
        int length = (bytes + 2) / 3 * 4;
        int significant = (bytes * 8 + 5) / 6;
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < significant; i++) {
            text.append(BASE64.charAt(random.nextInt(64)));
        }
        while (text.length() < length) {
            text.append('=');
        }
        return text.toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private StanzaGenerator start(String name) {
        out.append('<').append(name);
        return this;
    }

    private StanzaGenerator xmlns(String namespace) {
        return attr("xmlns", namespace);
    }

    private StanzaGenerator attr(String name, String value) {
        out.append(' ').append(name).append('=').append(quote);
        escape(value, true);
        out.append(quote);
        return this;
    }

    private void empty(String name, String namespace) {
        start(name).xmlns(namespace).out.append("/>");
    }

    private void textElement(String name, String text) {
        out.append('<').append(name).append('>');
        escape(text, false);
        end(name);
    }

    private void end(String name) {
        out.append("</").append(name).append('>');
    }

    private void escape(String text, boolean attribute) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append(escapeAll || !attribute ? "&gt;" : ">");
                case '\'' -> out.append(escapeAll || (attribute && quote == '\'') ? "&apos;" : "'");
                case '"' -> out.append(escapeAll || (attribute && quote == '"') ? "&quot;" : "\"");
                default -> out.append(c);
            }
        }
    }
}
