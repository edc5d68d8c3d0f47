package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code xmppctl cluster} against a scripted daemon: the members, then each account with its node. */
class ClusterCommandTest extends ScriptedDaemonFixture {

    @Test
    void nodesAndTheNodeOfEachAccount() throws Exception {
        Cli.Run run = run("""
                {"accounts":[{"jid":"alice@example.org","state":"online","node":"node-1"},
                             {"jid":"bob@example.org","state":"resuming","node":"node-2"}],
                 "cluster":{"self":"node-1","nodes":[
                   {"address":"pekko://xmppd@10.0.0.1:2552","name":"node-1","state":"up","reachable":true,
                    "answered":true,"accounts":1},
                   {"address":"pekko://xmppd@10.0.0.2:2552","name":"node-2","state":"up","reachable":true,
                    "answered":true,"accounts":1},
                   {"address":"pekko://xmppd@10.0.0.3:2552","state":"up","reachable":false,"answered":false,
                    "accounts":0}]}}
                """, "cluster");

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("this node: node-1\nNODE ");
        assertThat(run.out().lines().toList()).anySatisfy(l -> assertThat(l).matches(
                        "node-2 +pekko://xmppd@10\\.0\\.0\\.2:2552 +up +yes +1"))
                .anySatisfy(l -> assertThat(l).matches("- +pekko://xmppd@10\\.0\\.0\\.3:2552 +up +no +no answer"))
                .anySatisfy(l -> assertThat(l).matches("bob@example\\.org +node-2 +resuming"));
    }

    @Test
    void aDaemonAloneSaysSo() throws Exception {
        Cli.Run run = run("""
                {"accounts":[],"store":{"state":"ok","since":"2026-01-02T03:04:05Z"}}
                """, "cluster");

        assertThat(run.out()).isEqualTo("xmppd is not part of a cluster (xmppd.cluster.enabled = false)\n");
    }
}
