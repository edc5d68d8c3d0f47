package dev.xmppd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The table scripts/bench prints: one row per metric with xmppd's figure, Smack's, the third client's (slixmpp,
 * the bare MAM client or raw Aalto, named in the metric), the target and whether xmppd meets it.
 */
final class BenchTable {
    static final List<String> HEADER = List.of("metric", "xmppd", "Smack", "slixmpp/bare", "target", "met?");
    static final String NONE = "-";

    /** One line; absent figures print as {@value #NONE}. */
    record Row(String metric, OptionalDouble xmppd, OptionalDouble smack, OptionalDouble peer, int decimals,
               String target, Optional<Boolean> met) {
        List<String> cells() {
            return List.of(metric, number(xmppd), number(smack), number(peer), target,
                    met.map(m -> m ? "yes" : "NO").orElse(NONE));
        }

        private String number(OptionalDouble value) {
            return value.isPresent() ? String.format("%,." + decimals + "f", value.getAsDouble()) : NONE;
        }
    }

    private final List<Row> rows = new ArrayList<>();

    /** A row without a target. */
    void add(String metric, int decimals, OptionalDouble xmppd, OptionalDouble smack, OptionalDouble peer) {
        rows.add(new Row(metric, xmppd, smack, peer, decimals, NONE, Optional.empty()));
    }

    void add(String metric, int decimals, OptionalDouble xmppd, OptionalDouble smack, OptionalDouble peer,
             String target, boolean met) {
        rows.add(new Row(metric, xmppd, smack, peer, decimals, target, Optional.of(met)));
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** A Markdown table (readable as plain text too). */
    String render() {
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADER);
        rows.forEach(row -> lines.add(row.cells()));
        int[] width = new int[HEADER.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int n = 0; n < lines.size(); n++) {
            out.append(line(lines.get(n), width, n == 0));
            if (n == 0) {
                List<String> rule = new ArrayList<>();
                for (int i = 0; i < width.length; i++) {
                    rule.add((i == 0 || i >= 4 ? "-" : "").repeat(i == 0 || i >= 4 ? width[i] : 0)
                            + (i == 0 || i >= 4 ? "" : "-".repeat(width[i] - 1) + ":"));
                }
                out.append(line(rule, width, true));
            }
        }
        return out.toString();
    }

    private static String line(List<String> cells, int[] width, boolean left) {
        StringBuilder out = new StringBuilder("|");
        for (int i = 0; i < cells.size(); i++) {
            String format = (i == 0 || i >= 4 || left) ? "%-" + width[i] + "s" : "%" + width[i] + "s";
            out.append(' ').append(String.format(format, cells.get(i))).append(" |");
        }
        return out.append('\n').toString();
    }

    static OptionalDouble of(double value) {
        return OptionalDouble.of(value);
    }

    static OptionalDouble none() {
        return OptionalDouble.empty();
    }
}
