package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.store.StoreHealth;

/**
 * The daemon-level {@code "store"} field of {@code status}: {@code {"state":"ok","since":...}}, or while writes fail
 * (a full disk) {@code {"state":"error","error":"...","since":...}}. An account's archive cannot fill while the store
 * is failing, and the log alone is easy to miss.
 */
public final class StoreStatus {

    private StoreStatus() {
    }

    /** {@code status} with the store's health added to its result. */
    public static ControlMethod with(ControlMethod status, StoreHealth health) {
        return (params, notifier) -> status.call(params, notifier).thenApply(result -> {
            if (result instanceof ObjectNode node) {
                node.set("store", view(health.current()));
            }
            return (JsonNode) result;
        });
    }

    static ObjectNode view(StoreHealth.Report report) {
        ObjectNode store = JsonRpc.MAPPER.createObjectNode().put("state", report.failing() ? "error" : "ok");
        report.error().ifPresent(error -> store.put("error", error));
        return store.put("since", report.since().toString());
    }
}
