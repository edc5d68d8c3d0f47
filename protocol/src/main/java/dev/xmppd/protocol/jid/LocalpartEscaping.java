package dev.xmppd.protocol.jid;

/**
 * XEP-0106 JID escaping: lets a localpart carry characters RFC 7622 forbids there (space, {@code "}, &,
 * ', /, :, <, >, @) as {@code \20}-style sequences. A backslash is escaped only where it would
 * otherwise start one of these sequences (XEP-0106 §4.2).
 */
final class LocalpartEscaping {

    private static final String SPECIAL = " \"&'/:<>@\\";

    private LocalpartEscaping() {
    }

    static String escape(String unescaped) {
        StringBuilder sb = new StringBuilder(unescaped.length() + 8);
        for (int i = 0; i < unescaped.length(); i++) {
            char c = unescaped.charAt(i);
            if (c == '\\') {
                sb.append(startsSequence(unescaped, i) ? "\\5c" : "\\");
            } else if (SPECIAL.indexOf(c) >= 0) {
                sb.append('\\').append(String.format("%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String escaped) {
        StringBuilder sb = new StringBuilder(escaped.length());
        int i = 0;
        while (i < escaped.length()) {
            if (startsSequence(escaped, i)) {
                sb.append((char) Integer.parseInt(escaped.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                sb.append(escaped.charAt(i));
                i++;
            }
        }
        return sb.toString();
    }

    private static boolean startsSequence(String s, int i) {
        if (s.charAt(i) != '\\' || i + 3 > s.length()) {
            return false;
        }
        String hex = s.substring(i + 1, i + 3).toLowerCase(java.util.Locale.ROOT);
        return switch (hex) {
            case "20", "22", "26", "27", "2f", "3a", "3c", "3e", "40", "5c" -> true;
            default -> false;
        };
    }
}
