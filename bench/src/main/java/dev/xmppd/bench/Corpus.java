package dev.xmppd.bench;

import java.util.List;

/**
 * The words, names and namespaces {@link StanzaGenerator} draws from, as plain (unescaped) text. The
 * non-ASCII entries cover 2-, 3- and 4-byte UTF-8 sequences; the markup entries contain the characters
 * that must be escaped, so the stream carries the predefined entities.
 */
final class Corpus {

    static final List<String> WORDS = List.of(
            "hi", "hello", "ok", "yes", "no", "maybe", "meeting", "tomorrow", "at", "the", "office", "lunch",
            "see", "you", "later", "thanks", "sure", "I'll", "check", "it's", "done", "please", "review", "patch",
            "build", "is", "green", "again", "which", "train", "are", "we", "taking", "on", "Friday", "sounds",
            "good", "to", "me", "call", "when", "free", "sent", "photos", "from", "weekend", "what", "about",
            "release", "notes", "server", "restarted", "fine", "now", "in", "a", "minute", "and", "for", "of");

    static final List<String> NON_ASCII_WORDS = List.of(
            "Grüße", "schön", "Straße", "naïve", "café", "déjà", "vu", "Привет", "как", "дела", "спасибо",
            "你好", "世界", "谢谢", "こんにちは", "ありがとう", "안녕하세요", "שלום", "مرحبا", "😀", "🎉", "👍",
            "🚀", "€", "±", "…", "—", "Ελλάδα", "Ærø", "Łódź");

    static final List<String> MARKUP_WORDS = List.of(
            "https://example.org/a?b=1&c=2", "<3", "R&D", "a<b", "x > y", "\"quoted\"", "Tom & Jerry",
            "<b>not bold</b>", "it's", "5 > 3 && 2 < 4");

    static final List<String> LOCALPARTS = List.of(
            "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory",
            "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "jürgen", "zoë", "小明",
            "даша", "søren");

    static final List<String> DOMAINS = List.of(
            "conversations.im", "example.org", "jabber.de", "xmpp.jp", "yax.im", "404.city");

    static final List<String> RESOURCES = List.of(
            "phone.Xab3", "Conversations.q8Fz", "gajim.K2J7", "laptop.Uf34", "Dino.9d1e", "Monal-iOS.4f2a",
            "Cheogram.Zz01");

    static final List<String> ROSTER_NAMES = List.of(
            "Alice Liddell", "Bob & Co", "Jürgen Müller", "Zoë O'Neil", "小明", "Даша", "Carol \"CJ\" Jones",
            "Dave", "Erin <work>", "Søren Kierkegaard");

    static final List<String> GROUPS = List.of(
            "Friends", "Work", "Family", "Café crew", "R&D", "Vereine", "Друзья");

    static final List<String> STATUS = List.of(
            "In a meeting", "Out for lunch 🍜", "Bin gleich zurück", "Working from home", "On the train",
            "Do not disturb — focus time", "Sleeping 😴", "Back at 3 & ready");

    /** Caps node (XEP-0115) and identity of the clients in the roster. */
    static final List<String[]> CLIENTS = List.of(
            new String[] {"http://conversations.im", "phone", "Conversations"},
            new String[] {"https://gajim.org", "pc", "Gajim"},
            new String[] {"https://dino.im", "pc", "Dino"},
            new String[] {"https://monal-im.org", "phone", "Monal"},
            new String[] {"https://cheogram.com", "phone", "Cheogram"});

    static final List<String> FEATURES = List.of(
            "http://jabber.org/protocol/caps", "http://jabber.org/protocol/disco#info",
            "http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/muc",
            "http://jabber.org/protocol/ibb", "http://jabber.org/protocol/si",
            "http://jabber.org/protocol/si/profile/file-transfer", "http://jabber.org/protocol/chatstates",
            "http://jabber.org/protocol/nick+notify", "http://jabber.org/protocol/xhtml-im",
            "urn:xmpp:receipts", "urn:xmpp:chat-markers:0", "urn:xmpp:jingle:1", "urn:xmpp:jingle:apps:rtp:1",
            "urn:xmpp:jingle:apps:rtp:audio", "urn:xmpp:jingle:apps:rtp:video",
            "urn:xmpp:jingle:transports:ice-udp:1", "urn:xmpp:jingle:apps:dtls:0",
            "urn:xmpp:jingle:apps:file-transfer:5", "urn:xmpp:jingle-message:0", "urn:xmpp:message-correct:0",
            "urn:xmpp:message-retract:1", "urn:xmpp:reactions:0", "urn:xmpp:ping", "urn:xmpp:time",
            "jabber:iq:version", "jabber:iq:last", "urn:xmpp:avatar:metadata+notify",
            "eu.siacs.conversations.axolotl.devicelist+notify", "urn:xmpp:omemo:2:devices+notify",
            "urn:xmpp:bookmarks:1+notify", "urn:xmpp:mds:displayed:0+notify", "urn:xmpp:sid:0",
            "urn:xmpp:hints", "urn:xmpp:eme:0", "jabber:x:oob", "urn:xmpp:idle:1", "urn:xmpp:bob",
            "urn:xmpp:styling:0", "urn:xmpp:fallback:0");

    private Corpus() {
    }
}
