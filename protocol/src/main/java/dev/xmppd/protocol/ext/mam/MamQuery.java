package dev.xmppd.protocol.ext.mam;

import dev.xmppd.protocol.ext.dataforms.DataForm;
import dev.xmppd.protocol.ext.rsm.PageRequest;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message archive query (XEP-0313 v2, {@code urn:xmpp:mam:2}), the payload of an iq set to the archive
 * (our own bare JID, or a MUC room). Filters travel in a data form; paging in an RSM set.
 * {@code after-id}/{@code before-id} are the {@code urn:xmpp:mam:2#extended} fields.
 */
public record MamQuery(Optional<String> queryId, Optional<Jid> with, Optional<Instant> start, Optional<Instant> end,
                       Optional<String> afterId, Optional<String> beforeId, Optional<PageRequest> page) {

    public static final String NAMESPACE = "urn:xmpp:mam:2";
    /** The disco feature of an archive speaking MAM v2 (on the account's bare JID or a room). */
    public static final String FEATURE = NAMESPACE;
    /** The disco feature for the after-id / before-id / ids form fields. */
    public static final String EXTENDED_FEATURE = "urn:xmpp:mam:2#extended";

    public MamQuery {
        Objects.requireNonNull(queryId, "queryId");
        Objects.requireNonNull(with, "with");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(afterId, "afterId");
        Objects.requireNonNull(beforeId, "beforeId");
        Objects.requireNonNull(page, "page");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when any filter needs the data form. */
    public boolean hasFilters() {
        return with.isPresent() || start.isPresent() || end.isPresent() || afterId.isPresent() || beforeId.isPresent();
    }

    public Element toElement() {
        Element.Builder b = Element.builder("query", NAMESPACE).attribute("queryid", queryId.orElse(null));
        if (hasFilters()) {
            Map<String, List<String>> fields = new LinkedHashMap<>();
            with.ifPresent(j -> fields.put("with", List.of(j.toString())));
            start.ifPresent(s -> fields.put("start", List.of(DateTimeFormatter.ISO_INSTANT.format(s))));
            end.ifPresent(e -> fields.put("end", List.of(DateTimeFormatter.ISO_INSTANT.format(e))));
            afterId.ifPresent(a -> fields.put("after-id", List.of(a)));
            beforeId.ifPresent(v -> fields.put("before-id", List.of(v)));
            b.child(DataForm.submit(NAMESPACE, fields).toElement());
        }
        page.ifPresent(p -> b.child(p.toElement()));
        return b.build();
    }

    /** Collects the optional parts of a query. */
    public static final class Builder {
        private Optional<String> queryId = Optional.empty();
        private Optional<Jid> with = Optional.empty();
        private Optional<Instant> start = Optional.empty();
        private Optional<Instant> end = Optional.empty();
        private Optional<String> afterId = Optional.empty();
        private Optional<String> beforeId = Optional.empty();
        private Optional<PageRequest> page = Optional.empty();

        private Builder() {
        }

        /** Tags every result message so the results of concurrent queries can be told apart. */
        public Builder queryId(String id) {
            queryId = Optional.of(id);
            return this;
        }

        public Builder with(Jid jid) {
            with = Optional.of(jid);
            return this;
        }

        public Builder start(Instant instant) {
            start = Optional.of(instant);
            return this;
        }

        public Builder end(Instant instant) {
            end = Optional.of(instant);
            return this;
        }

        public Builder afterId(String id) {
            afterId = Optional.of(id);
            return this;
        }

        public Builder beforeId(String id) {
            beforeId = Optional.of(id);
            return this;
        }

        public Builder page(PageRequest request) {
            page = Optional.of(request);
            return this;
        }

        public MamQuery build() {
            return new MamQuery(queryId, with, start, end, afterId, beforeId, page);
        }
    }
}
