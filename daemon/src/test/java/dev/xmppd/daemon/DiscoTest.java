package dev.xmppd.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xmppd.protocol.ext.disco.DiscoItems;
import dev.xmppd.testbed.BothServers;
import dev.xmppd.testbed.XmppServer;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code disco} after login (XEP-0030), against what each testbed server is configured with: Prosody and ejabberd
 * both load blocking, carbons and MAM, and host MUC on {@code conference.localhost}; only Prosody has HTTP upload.
 */
class DiscoTest {

    static final String BLOCKING = "urn:xmpp:blocking";
    static final String CARBONS = "urn:xmpp:carbons:2";
    static final String MAM = "urn:xmpp:mam:2";
    static final String MUC = "http://jabber.org/protocol/muc";
    static final String UPLOAD = "urn:xmpp:http:upload:0";

    @TempDir
    Path dir;

    @BothServers
    void discoShowsTheServerTheAccountAndEachServerItemWithItsIdentitiesAndFeatures(XmppServer server) {
        try (OnlineAccount alice = OnlineAccount.start(dir, server, "disco")) {
            JsonNode disco = alice.ok("disco");
            assertThat(disco.path("account").asText()).isEqualTo(alice.jid());

            JsonNode domain = entity(disco, server.domain());
            assertThat(identities(domain)).contains("server/im");
            assertThat(features(domain)).contains(BLOCKING, CARBONS);
            assertThat(features(entity(disco, alice.jid()))).contains(MAM);

            JsonNode muc = entity(disco, server.mucDomain());
            assertThat(identities(muc)).contains("conference/text");
            assertThat(features(muc)).contains(MUC);
            if (server.uploadDomain().isPresent()) {
                JsonNode upload = entity(disco, server.uploadDomain().get());
                assertThat(identities(upload)).contains("store/file");
                assertThat(features(upload)).contains(UPLOAD);
            } else {
                assertThat(entities(disco)).as("%s has no upload service configured", server.name())
                        .noneMatch(e -> features(e).contains(UPLOAD));
            }

            assertThat(jids(disco)).as("the server, the account and each item of the server's disco#items")
                    .containsExactlyInAnyOrderElementsOf(expectedEntities(alice, server));
            assertThat(entities(disco)).allSatisfy(e -> assertThat(e.path("fetchedAt").asText()).isNotEmpty());
        }
    }

    /** The entities the login should have asked about, from the disco#items answer in the transcript. */
    private static List<String> expectedEntities(OnlineAccount alice, XmppServer server) {
        String itemsId = alice.sent(0, e -> e.name().equals("iq")
                        && e.attribute("to").orElse("").equals(server.domain())
                        && e.child("query", DiscoItems.NAMESPACE).isPresent())
                .flatMap(e -> e.attribute("id")).orElseThrow(() -> new AssertionError("no disco#items request sent"));
        List<String> items = alice.responseTo(itemsId).flatMap(iq -> iq.payload()).flatMap(DiscoItems::parse)
                .map(DiscoItems::items).orElseThrow().stream()
                .filter(i -> i.node().isEmpty()).map(i -> i.jid().toString()).distinct().toList();
        assertThat(items).contains(server.mucDomain());
        server.uploadDomain().ifPresent(upload -> assertThat(items).contains(upload));
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(server.domain(), alice.jid()), items.stream())
                .toList();
    }

    static JsonNode entity(JsonNode disco, String jid) {
        return entities(disco).stream().filter(e -> e.path("jid").asText().equals(jid)).findFirst()
                .orElseThrow(() -> new AssertionError("no disco entity " + jid + " in " + disco.toPrettyString()));
    }

    static List<JsonNode> entities(JsonNode disco) {
        return StreamSupport.stream(disco.path("entities").spliterator(), false).toList();
    }

    static List<String> jids(JsonNode disco) {
        return entities(disco).stream().map(e -> e.path("jid").asText()).toList();
    }

    static List<String> features(JsonNode entity) {
        return OnlineAccount.texts(entity.path("features"));
    }

    /** Identities as {@code category/type}. */
    static List<String> identities(JsonNode entity) {
        return StreamSupport.stream(entity.path("identities").spliterator(), false)
                .map(i -> i.path("category").asText() + "/" + i.path("type").asText()).toList();
    }
}
