package dev.xmppd.daemon.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xmppd.daemon.cluster.NodeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * {@code status} on a cluster node: the accounts of every node, each with the {@code node} that runs it, and a
 * {@code cluster} object listing the members ({@code xmppctl cluster}): address, name, state, reachability. A node
 * that does not answer within {@link #TIMEOUT} is listed without its accounts ({@code "answered": false}); the
 * {@code oldest} member runs the shard coordinator.
 */
public final class ClusterStatus {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private ClusterStatus() {
    }

    public static ControlMethod method(ActorSystem<?> system, String self) {
        return (params, notifier) -> AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
                        replyTo -> Receptionist.find(NodeStatus.KEY, replyTo), TIMEOUT, system.scheduler())
                .thenCompose(listing -> gather(system, listing.getServiceInstances(NodeStatus.KEY)))
                .thenApply(reports -> view(system, self, reports));
    }

    private static CompletionStage<List<NodeStatus.Report>> gather(ActorSystem<?> system,
                                                                  Set<ActorRef<NodeStatus.Command>> nodes) {
        List<CompletableFuture<NodeStatus.Report>> asks = new ArrayList<>();
        for (ActorRef<NodeStatus.Command> node : nodes) {
            asks.add(AskPattern.<NodeStatus.Command, NodeStatus.Report>ask(node, NodeStatus.Get::new, TIMEOUT,
                    system.scheduler()).toCompletableFuture().exceptionally(failure -> null));
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                .thenApply(done -> asks.stream().map(CompletableFuture::join).filter(r -> r != null).toList());
    }

    private static JsonNode view(ActorSystem<?> system, String self, List<NodeStatus.Report> reports) {
        List<ObjectNode> accounts = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (NodeStatus.Report report : reports) {
            names.put(report.address(), report.node());
            try {
                for (JsonNode account : JsonRpc.MAPPER.readTree(report.accounts())) {
                    accounts.add(((ObjectNode) account).put("node", report.node()));
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("node " + report.node() + " sent a status that is not JSON", e);
            }
        }
        accounts.sort(Comparator.comparing((ObjectNode a) -> a.path("jid").asText())
                .thenComparing(a -> a.path("node").asText()));
        ObjectNode result = JsonRpc.MAPPER.createObjectNode();
        result.putArray("accounts").addAll(accounts);
        ObjectNode cluster = result.putObject("cluster").put("self", self);
        ClusterEvent.CurrentClusterState state = Cluster.get(system).state();
        Set<Member> unreachable = state.getUnreachable();
        // The oldest member runs Pekko's singletons, here the shard coordinator.
        java.util.Optional<Member> oldest = java.util.stream.StreamSupport.stream(state.getMembers().spliterator(),
                false).filter(m -> m.status() == org.apache.pekko.cluster.MemberStatus.up())
                .reduce((a, b) -> a.isOlderThan(b) ? a : b);
        ArrayNode members = cluster.putArray("nodes");
        for (Member member : state.getMembers()) {
            String address = member.address().toString();
            ObjectNode m = members.addObject().put("address", address);
            if (names.containsKey(address)) {
                m.put("name", names.get(address));
            }
            m.put("state", member.status().toString().toLowerCase(java.util.Locale.ROOT))
                    .put("reachable", !unreachable.contains(member))
                    .put("oldest", oldest.filter(member::equals).isPresent())
                    .put("answered", names.containsKey(address))
                    .put("accounts", accounts.stream().filter(a -> a.path("node").asText()
                            .equals(names.get(address))).count());
        }
        return result;
    }
}
