package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.daemon.control.ControlError;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes a user makes over the control socket get a stable error code and a message saying what was wrong, and the
 * daemon (and the online account) go on serving.
 */
class BadRequestTest {

    /** The methods that act for an account, each with valid params apart from the account. */
    private static final List<Call> ACCOUNT_METHODS = List.of(
            new Call("send", Map.of("to", "bob@localhost", "body", "hi")),
            new Call("roster.add", Map.of("jid", "bob@localhost", "name", "Bob")),
            new Call("roster.remove", Map.of("jid", "bob@localhost")),
            new Call("block", Map.of("jid", "bob@localhost")),
            new Call("unblock", Map.of("jid", "bob@localhost")),
            new Call("presence", Map.of("show", "away")),
            new Call("roster", Map.of()),
            new Call("blocklist", Map.of()),
            new Call("disco", Map.of()));

    /** The methods taking a contact's JID, and the param that holds it. */
    private static final List<Call> JID_METHODS = List.of(
            new Call("send", Map.of("to", "", "body", "hi")),
            new Call("roster.add", Map.of("jid", "", "name", "Bob")),
            new Call("roster.remove", Map.of("jid", "")),
            new Call("block", Map.of("jid", "")),
            new Call("unblock", Map.of("jid", "")));

    private record Call(String method, Map<String, String> params) {
        JsonNode on(OnlineAccount account, String accountJid) {
            Map<String, Object> all = new java.util.HashMap<>(params);
            all.put("account", accountJid);
            return account.daemon().call(method, all);
        }

        /** The same call with every empty param (the contact JID) set to {@code jid}. */
        JsonNode withJid(OnlineAccount account, String jid) {
            Map<String, Object> all = new java.util.HashMap<>(params);
            all.replaceAll((name, value) -> ((String) value).isEmpty() ? jid : value);
            all.put("account", account.jid());
            return account.daemon().call(method, all);
        }
    }

    @TempDir
    Path dir;

    @BothServers
    void unknownAccountIsError1001NamingTheAccount(XmppServer server) {
        try (OnlineAccount alice = OnlineAccount.start(dir, server, "badacct")) {
            String nobody = "nobody-" + alice.account().user() + "@" + server.domain();
            for (Call call : ACCOUNT_METHODS) {
                JsonNode error = call.on(alice, nobody).path("error");
                assertThat(error.path("code").asInt()).as("%s → %s", call.method(), error)
                        .isEqualTo(ControlError.UNKNOWN_ACCOUNT);
                assertThat(error.path("message").asText()).as(call.method()).contains(nobody);
            }
            assertStillServing(alice);
        }
    }

    @BothServers
    void badJidIsInvalidParamsNamingTheJid(XmppServer server) {
        try (OnlineAccount alice = OnlineAccount.start(dir, server, "badjid")) {
            for (Call call : JID_METHODS) {
                JsonNode error = call.withJid(alice, "a@@b").path("error");
                assertThat(error.path("code").asInt()).as("%s → %s", call.method(), error)
                        .isEqualTo(ControlError.INVALID_PARAMS);
                assertThat(error.path("message").asText()).as(call.method()).contains("'a@@b'");

                JsonNode empty = call.withJid(alice, "").path("error");
                assertThat(empty.path("code").asInt()).as("%s → %s", call.method(), empty)
                        .isEqualTo(ControlError.INVALID_PARAMS);
                assertThat(empty.path("message").asText()).as(call.method()).contains("empty");
            }
            JsonNode badAccount = alice.daemon().call("send", OnlineAccount.params("account", "a@@b", "to",
                    alice.jid(), "body", "hi")).path("error");
            assertThat(badAccount.path("code").asInt()).isEqualTo(ControlError.INVALID_PARAMS);
            assertThat(badAccount.path("message").asText()).contains("account", "'a@@b'");
            assertStillServing(alice);
        }
    }

    /** status answers, the account stayed online, and a valid request still goes through its stream. */
    private static void assertStillServing(OnlineAccount alice) {
        assertThat(alice.daemon().state(alice.jid())).isEqualTo("online");
        assertThat(alice.ok("roster.add", "jid", "carol@" + alice.server().domain()).path("ok").asBoolean()).isTrue();
        OnlineAccount.await(() -> assertThat(alice.rosterJids()).contains("carol@" + alice.server().domain()));
    }
}
