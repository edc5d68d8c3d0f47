package dev.xmppd.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each command against a scripted daemon: the exact JSON-RPC call it sends, and what it prints. */
class CommandRoundTripTest extends ScriptedDaemonFixture {
    private static final String OK = "{\"ok\":true}";

    private static void assertPrinted(Cli.Run run, String out) {
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(out);
    }

    private static final String STATUS = """
            {"accounts":[
             {"jid":"alice@example.org","state":"online","boundJid":"alice@example.org/xmppd","server":"example.org",
              "features":["sm","carbons"],"lastError":null,"since":"2026-01-02T03:04:05.678901Z"},
             {"jid":"bob@example.net","state":"backoff","boundJid":null,"server":null,"features":[],
              "lastError":"connection refused by example.net:5222","since":"2026-01-02T03:00:00Z"}]}
            """;

    @Test
    void statusPrintsATable() throws Exception {
        Cli.Run run = run(STATUS, "status");

        assertCall("status", "{}");
        assertPrinted(run, """
                JID                STATE    BOUND JID                SERVER       SINCE                 LAST ERROR
                alice@example.org  online   alice@example.org/xmppd  example.org  2026-01-02T03:04:05Z  -
                bob@example.net    backoff  -                        -            2026-01-02T03:00:00Z  connection refused by example.net:5222
                """);
    }

    @Test
    void statusJsonIsExactlyTheResult() throws Exception {
        Cli.Run run = run(STATUS, "status", "--json");

        assertPrinted(run, Json.pretty(Json.MAPPER.readTree(STATUS)) + "\n");
        assertThat(Json.MAPPER.readTree(run.out())).isEqualTo(Json.MAPPER.readTree(STATUS));
    }

    @Test
    void jsonBeforeTheCommandHoldsForIt() throws Exception {
        Cli.Run run = run(OK, "--json", "account", "enable", "alice@example.org");

        assertCall("account.enable", "{\"jid\":\"alice@example.org\"}");
        assertThat(Json.MAPPER.readTree(run.out())).isEqualTo(Json.MAPPER.readTree(OK));
    }

    @Test
    void statusWithoutAccountsSaysHowToAddOne() throws Exception {
        Cli.Run run = run("{\"accounts\":[]}", "status");

        assertPrinted(run, "no accounts; add one with 'xmppctl account add JID'\n");
    }

    @Test
    void accountListShowsWhereEachPasswordComesFromButNoPassword() throws Exception {
        Cli.Run run = run("""
                {"accounts":[
                 {"jid":"alice@example.org","enabled":true,"declared":true,"directTls":false,"password":"file"},
                 {"jid":"bob@localhost","enabled":false,"declared":false,"directTls":true,"password":"stored",
                  "host":"127.0.0.1","port":5223,"trustedCert":"/etc/xmppd/localhost.pem"},
                 {"jid":"carol@example.com","enabled":true,"declared":false,"directTls":false,"password":"command",
                  "pin":"AB:CD"}]}
                """, "account", "list");

        assertCall("account.list", "{}");
        assertPrinted(run, """
                JID                ENABLED  FROM     PASSWORD  SERVER          TLS       TRUST
                alice@example.org  yes      config   file      (SRV)           starttls  system CAs
                bob@localhost      no       runtime  stored    127.0.0.1:5223  direct    /etc/xmppd/localhost.pem
                carol@example.com  yes      runtime  command   (SRV)           starttls  pin AB:CD
                """);
    }

    @Test
    void accountRemoveEnableDisableSendTheJid() throws Exception {
        Map<String, String> done = Map.of("remove", "removed", "enable", "enabled", "disable", "disabled");
        for (Map.Entry<String, String> verb : done.entrySet()) {
            Cli.Run run = run("{\"jid\":\"alice@example.org\",\"enabled\":true}", "account", verb.getKey(),
                    "alice@example.org");

            assertCall("account." + verb.getKey(), "{\"jid\":\"alice@example.org\"}");
            assertPrinted(run, verb.getValue() + " alice@example.org\n");
        }
    }

    @Test
    void discoGroupsIdentitiesAndFeaturesPerEntity() throws Exception {
        Cli.Run run = run("""
                {"account":"alice@example.org","entities":[
                 {"jid":"example.org","identities":[{"category":"server","type":"im","name":"Prosody"}],
                  "features":["urn:xmpp:ping","http://jabber.org/protocol/disco#info"],"fetchedAt":"2026-01-02T03:04:05Z"},
                 {"jid":"upload.example.org","node":"n1","identities":[{"category":"store","type":"file"}],
                  "features":["urn:xmpp:http:upload:0"],"fetchedAt":"2026-01-02T03:04:06Z"}]}
                """, "disco", "alice@example.org");

        assertCall("disco", "{\"account\":\"alice@example.org\"}");
        assertPrinted(run, """
                example.org  (fetched 2026-01-02T03:04:05Z)
                  identity  server/im  Prosody
                  feature   http://jabber.org/protocol/disco#info
                  feature   urn:xmpp:ping

                upload.example.org node n1  (fetched 2026-01-02T03:04:06Z)
                  identity  store/file
                  feature   urn:xmpp:http:upload:0
                """);
    }

    @Test
    void rosterAccountListsTheRoster() throws Exception {
        Cli.Run run = run("""
                {"account":"alice@example.org","version":"v7","items":[
                 {"jid":"bob@example.org","subscription":"both","ask":false,"name":"Bob","groups":["Friends","Work"]},
                 {"jid":"carol@example.com","subscription":"none","ask":true,"groups":[]}]}
                """, "roster", "alice@example.org");

        assertCall("roster", "{\"account\":\"alice@example.org\"}");
        assertPrinted(run, """
                JID                NAME  SUBSCRIPTION  GROUPS
                bob@example.org    Bob   both          Friends, Work
                carol@example.com  -     none (asked)  -
                """);
    }

    @Test
    void emptyRosterSaysSo() throws Exception {
        Cli.Run run = run("{\"account\":\"alice@example.org\",\"items\":[]}", "roster", "alice@example.org");

        assertPrinted(run, "the roster of alice@example.org is empty\n");
    }

    @Test
    void rosterAddTakesTheAccountAfterTheVerb() throws Exception {
        Cli.Run run = run(OK, "roster", "add", "alice@example.org", "bob@example.org", "--name", "Bob B");

        assertCall("roster.add", "{\"account\":\"alice@example.org\",\"jid\":\"bob@example.org\",\"name\":\"Bob B\"}");
        assertPrinted(run, "added bob@example.org to the roster of alice@example.org\n");
    }

    @Test
    void rosterAddTakesTheAccountBeforeTheVerb() throws Exception {
        Cli.Run run = run(OK, "roster", "alice@example.org", "add", "bob@example.org");

        assertCall("roster.add", "{\"account\":\"alice@example.org\",\"jid\":\"bob@example.org\"}");
        assertPrinted(run, "added bob@example.org to the roster of alice@example.org\n");
    }

    @Test
    void rosterRemoveInBothForms() throws Exception {
        Cli.Run after = run(OK, "roster", "remove", "alice@example.org", "bob@example.org");
        assertCall("roster.remove", "{\"account\":\"alice@example.org\",\"jid\":\"bob@example.org\"}");
        assertPrinted(after, "removed bob@example.org from the roster of alice@example.org\n");

        Cli.Run before = run(OK, "roster", "alice@example.org", "remove", "bob@example.org");
        assertCall("roster.remove", "{\"account\":\"alice@example.org\",\"jid\":\"bob@example.org\"}");
        assertPrinted(before, "removed bob@example.org from the roster of alice@example.org\n");
    }

    @Test
    void blockAndUnblock() throws Exception {
        Cli.Run block = run(OK, "block", "alice@example.org", "spam.example");
        assertCall("block", "{\"account\":\"alice@example.org\",\"jid\":\"spam.example\"}");
        assertPrinted(block, "blocked spam.example for alice@example.org\n");

        Cli.Run unblock = run(OK, "unblock", "alice@example.org", "spam.example");
        assertCall("unblock", "{\"account\":\"alice@example.org\",\"jid\":\"spam.example\"}");
        assertPrinted(unblock, "unblocked spam.example for alice@example.org\n");
    }

    @Test
    void blocklistPrintsOneJidALine() throws Exception {
        Cli.Run run = run("{\"account\":\"alice@example.org\",\"blocked\":[\"spam.example\",\"eve@example.net\"]}",
                "blocklist", "alice@example.org");

        assertCall("blocklist", "{\"account\":\"alice@example.org\"}");
        assertPrinted(run, "spam.example\neve@example.net\n");
    }

    @Test
    void emptyBlocklistSaysSo() throws Exception {
        Cli.Run run = run("{\"account\":\"alice@example.org\",\"blocked\":[]}", "blocklist", "alice@example.org");

        assertPrinted(run, "alice@example.org blocks nobody\n");
    }

    @Test
    void sendJoinsTheWordsOfTheText() throws Exception {
        Cli.Run run = run(OK, "send", "alice@example.org", "bob@example.org", "hello", "there,", "@bob");

        assertCall("send", "{\"account\":\"alice@example.org\",\"to\":\"bob@example.org\",\"body\":\"hello there, @bob\"}");
        assertPrinted(run, "sent to bob@example.org\n");
    }

    @Test
    void sendTextMayStartWithADashAfterDoubleDash() throws Exception {
        Cli.Run run = run(OK, "send", "alice@example.org", "bob@example.org", "--", "--verbose", "-1");

        assertCall("send", "{\"account\":\"alice@example.org\",\"to\":\"bob@example.org\",\"body\":\"--verbose -1\"}");
        assertThat(run.exit()).isZero();
    }

    @Test
    void presenceWithStatus() throws Exception {
        Cli.Run run = run(OK, "presence", "alice@example.org", "Away", "out", "for", "lunch");

        assertCall("presence", "{\"account\":\"alice@example.org\",\"show\":\"away\",\"status\":\"out for lunch\"}");
        assertPrinted(run, "alice@example.org is now away (out for lunch)\n");
    }

    @Test
    void presenceWithoutStatusSendsNone() throws Exception {
        Cli.Run run = run(OK, "presence", "alice@example.org", "online");

        assertCall("presence", "{\"account\":\"alice@example.org\",\"show\":\"online\"}");
        assertPrinted(run, "alice@example.org is now online\n");
    }

    @Test
    void shutdown() throws Exception {
        Cli.Run run = run(OK, "shutdown");

        assertCall("shutdown", "{}");
        assertPrinted(run, "xmppd is shutting down\n");
    }

    @Test
    void okResultsPrintExactlyInJsonMode() throws Exception {
        Cli.Run run = run(OK, "block", "alice@example.org", "spam.example", "--json");

        JsonNode printed = Json.MAPPER.readTree(run.out());
        assertThat(printed).isEqualTo(Json.MAPPER.readTree(OK));
        assertThat(run.out()).isEqualTo("{\n  \"ok\" : true\n}\n");
    }
}
