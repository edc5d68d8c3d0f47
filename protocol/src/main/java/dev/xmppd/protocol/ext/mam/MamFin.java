package dev.xmppd.protocol.ext.mam;

import dev.xmppd.protocol.ext.rsm.PageResult;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.IqType;
import dev.xmppd.protocol.xml.Element;
import java.util.Objects;
import java.util.Optional;

/**
 * The end of a query page (XEP-0313 §4.3): the iq result's {@code <fin/>}. {@code complete} says the last
 * page was reached; otherwise ask for the page after {@code page.last()}.
 */
public record MamFin(boolean complete, boolean stable, PageResult page) {

    public MamFin {
        Objects.requireNonNull(page, "page");
    }

    /** Parses {@code <fin/>}; empty when it is not one. A missing set reads as an empty page. */
    public static Optional<MamFin> parse(Element fin) {
        if (!fin.is("fin", MamQuery.NAMESPACE)) {
            return Optional.empty();
        }
        return Optional.of(new MamFin(flag(fin, "complete", false), flag(fin, "stable", true),
                PageResult.in(fin).orElse(PageResult.EMPTY)));
    }

    /** The fin of a query's iq result; empty for an error or any other payload. */
    public static Optional<MamFin> parse(Iq result) {
        if (result.type() != IqType.RESULT) {
            return Optional.empty();
        }
        return result.payload().flatMap(MamFin::parse);
    }

    private static boolean flag(Element e, String name, boolean absent) {
        return e.attribute(name).map(v -> v.equals("true") || v.equals("1")).orElse(absent);
    }

    public Element toElement() {
        return Element.builder("fin", MamQuery.NAMESPACE)
                .attribute("complete", complete ? "true" : null)
                .attribute("stable", stable ? null : "false")
                .child(page.toElement())
                .build();
    }
}
