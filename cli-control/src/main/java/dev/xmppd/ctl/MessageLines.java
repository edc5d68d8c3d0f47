package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Archived messages as human text, one line each: time (UTC), sender, body. */
final class MessageLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private MessageLines() {
    }

    static void print(JsonNode messages, PrintWriter out, boolean withAccount) {
        if (messages.isEmpty()) {
            out.println("no messages");
            return;
        }
        messages.forEach(m -> out.println(line(m, withAccount ? Json.text(m, "account") : java.util.Optional.empty())));
    }

    /** {@code 2024-03-01 10:00:00  bob@example.org/phone: hello}; a message without body shows as such. */
    static String line(JsonNode m, java.util.Optional<String> account) {
        String body = Json.text(m, "body").map(b -> b.replaceAll("\\R", " ⏎ ")).orElse("(no body)");
        return account.map(a -> "[" + a + "] ").orElse("") + time(m.path("timestamp").asText()) + "  "
                + m.path("from").asText() + ": " + body;
    }

    static String time(String instant) {
        try {
            return TIME.format(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return instant;
        }
    }
}
