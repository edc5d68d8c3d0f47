package dev.xmppd.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code xmppctl cluster}: the nodes of the cluster this daemon belongs to (name, address, state, reachable, how many
 * accounts each runs), then each account with the node that runs it. The data is {@code status}'s {@code cluster}
 * object and the accounts' {@code node} field; a daemon alone says it is not in a cluster.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Shows the cluster's nodes and which node runs each account.")
final class ClusterCommand implements Callable<Integer> {
    @Mixin
    private ControlOptions control;

    @Override
    public Integer call() {
        return control.callAndShow("status", control.params(), ClusterCommand::render);
    }

    static void render(JsonNode result, PrintWriter out) {
        JsonNode cluster = result.path("cluster");
        if (!cluster.isObject()) {
            out.println("xmppd is not part of a cluster (xmppd.cluster.enabled = false)");
            return;
        }
        out.println("this node: " + Json.text(cluster, "self").orElse("?"));
        Table nodes = new Table("NODE", "ADDRESS", "STATE", "REACHABLE", "ACCOUNTS");
        for (JsonNode n : cluster.path("nodes")) {
            nodes.row(Json.text(n, "name").orElse(null), n.path("address").asText(), n.path("state").asText(),
                    n.path("reachable").asBoolean() ? "yes" : "no",
                    n.path("answered").asBoolean() ? n.path("accounts").asText() : "no answer");
        }
        nodes.print(out);
        out.println();
        Table accounts = new Table("JID", "NODE", "STATE");
        for (JsonNode a : result.path("accounts")) {
            accounts.row(a.path("jid").asText(), Json.text(a, "node").orElse(null), a.path("state").asText());
        }
        accounts.print(out);
    }
}
