package dev.xmppd.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.xmppd.protocol.ext.blocking.Blocklist;
import dev.xmppd.protocol.ext.bind2.Bind2;
import dev.xmppd.protocol.ext.carbons.Carbons;
import dev.xmppd.protocol.ext.dataforms.DataForm;
import dev.xmppd.protocol.ext.delay.Delay;
import dev.xmppd.protocol.ext.disco.DiscoInfo;
import dev.xmppd.protocol.ext.disco.DiscoItems;
import dev.xmppd.protocol.ext.fast.Fast;
import dev.xmppd.protocol.ext.features.StartTls;
import dev.xmppd.protocol.ext.features.StreamFeatures;
import dev.xmppd.protocol.ext.forward.Forwarded;
import dev.xmppd.protocol.ext.mam.MamFin;
import dev.xmppd.protocol.ext.mam.MamResult;
import dev.xmppd.protocol.ext.muc.Bookmark;
import dev.xmppd.protocol.ext.muc.MucUser;
import dev.xmppd.protocol.ext.roster.Roster;
import dev.xmppd.protocol.ext.roster.RosterItem;
import dev.xmppd.protocol.ext.rsm.PageRequest;
import dev.xmppd.protocol.ext.rsm.PageResult;
import dev.xmppd.protocol.ext.sid.OriginId;
import dev.xmppd.protocol.ext.sid.StanzaId;
import dev.xmppd.protocol.ext.sm.SmCounter;
import dev.xmppd.protocol.ext.sm.SmNonza;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.sasl.SaslElements;
import dev.xmppd.protocol.sasl.SaslException;
import dev.xmppd.protocol.sasl2.Sasl2Offer;
import dev.xmppd.protocol.stanza.Iq;
import dev.xmppd.protocol.stanza.Message;
import dev.xmppd.protocol.stanza.Presence;
import dev.xmppd.protocol.stanza.Stanza;
import dev.xmppd.protocol.stanza.StanzaError;
import dev.xmppd.protocol.xml.Element;
import java.util.Optional;

/**
 * The extension parsers of {@code protocol} on whatever elements the {@link dev.xmppd.protocol.xml.StreamReader}
 * makes of arbitrary bytes after a client stream header. Each parser is tolerant by contract: it answers
 * empty (or a value) for any element, never an unchecked exception; a parsed value that has an element form
 * reads back as itself. One fuzz test per group of parsers, so a long run can give each group its own time.
 */
class ExtensionParsersFuzzTest {

    private static final Jid OWN = Jid.parse("juliet@example.com/balcony");
    private static final Jid ARCHIVE = OWN.bare();

    /** XEP-0198 nonzas and their {@code h} counters. */
    @FuzzTest(maxDuration = "6m")
    void streamManagement(byte[] body) {
        for (Element element : everyElement(body)) {
            Optional<SmNonza> nonza = SmNonza.parse(element);
            nonza.ifPresent(n -> assertThat(SmNonza.parse(n.toElement())).contains(n));
            element.attribute("h").ifPresent(h -> {
                long value = SmCounter.parse(h);
                assertThat(value == -1 || SmCounter.isValid(value)).isTrue();
            });
        }
    }

    /** MAM results and fin (XEP-0313), RSM (XEP-0059), stanza-id / origin-id (XEP-0359), forward, delay, carbons. */
    @FuzzTest(maxDuration = "6m")
    void archive(byte[] body) {
        for (Element element : everyElement(body)) {
            MamFin.parse(element).ifPresent(Object::toString);
            PageResult.parse(element).ifPresent(Object::toString);
            PageResult.in(element).ifPresent(Object::toString);
            PageRequest.parse(element).ifPresent(Object::toString);
            Forwarded.parse(element).ifPresent(Object::toString);
            Forwarded.in(element).ifPresent(Object::toString);
            Delay.in(element).ifPresent(Object::toString);
            StanzaId.all(element).forEach(Object::toString);
            StanzaId.assignedBy(element, ARCHIVE).ifPresent(Object::toString);
            OriginId.of(element).ifPresent(Object::toString);
            if (Stanza.of(element).orElse(null) instanceof Message message) {
                MamResult.parse(message).ifPresent(result -> {
                    result.message().body();
                    result.timestamp();
                    assertThat(MamResult.parse(new Message(wrapped(result.toElement())))).contains(result);
                });
                MamResult.isFromArchive(message, ARCHIVE);
                Carbons.isCarbon(message);
                Carbons.isFromOwnAccount(message, ARCHIVE);
                Carbons.parse(message).ifPresent(carbon -> carbon.message().body());
                Carbons.parseTrusted(message, ARCHIVE).ifPresent(carbon -> carbon.message().body());
            }
        }
    }

    /** The roster (RFC 6121 §2) and the blocklist (XEP-0191), results and pushes. */
    @FuzzTest(maxDuration = "6m")
    void rosterAndBlocklist(byte[] body) {
        for (Element element : everyElement(body)) {
            Roster.parse(element).ifPresent(Object::toString);
            RosterItem.parse(element).ifPresent(Object::toString);
            Blocklist.parse(element).ifPresent(Object::toString);
            if (Stanza.of(element).orElse(null) instanceof Iq iq) {
                Roster.parsePush(iq, OWN).ifPresent(Object::toString);
                Blocklist.parsePush(iq, OWN).ifPresent(Object::toString);
            }
        }
    }

    /** Disco (XEP-0030), data forms (XEP-0004), stream features, SASL and SASL2 elements, Bind2, FAST. */
    @FuzzTest(maxDuration = "6m")
    void discoFeaturesAndSasl(byte[] body) {
        for (Element element : everyElement(body)) {
            DiscoInfo.parse(element).ifPresent(Object::toString);
            DiscoItems.parse(element).ifPresent(Object::toString);
            DataForm.parse(element).ifPresent(Object::toString);
            DataForm.in(element).forEach(Object::toString);
            StreamFeatures.parse(element).ifPresent(Object::toString);
            StartTls.isProceed(element);
            StartTls.isFailure(element);
            Sasl2Offer.in(element).ifPresent(Object::toString);
            Bind2.resultIn(element).ifPresent(Object::toString);
            Fast.tokenIn(element, "HT-SHA-256-NONE").ifPresent(Object::toString);
            SaslElements.mechanisms(element);
            try {
                SaslElements.parse(element).ifPresent(Object::toString);
            } catch (SaslException e) {
                assertThat(e.getMessage()).isNotNull();
            }
        }
    }

    /** Stanza views (RFC 6120 §8), stanza errors, MUC presence (XEP-0045) and bookmarks (XEP-0402). */
    @FuzzTest(maxDuration = "6m")
    void stanzas(byte[] body) {
        for (Element element : everyElement(body)) {
            StanzaError error = StanzaError.parse(element);
            assertThat(StanzaError.parse(error.toElement()).condition()).isEqualTo(error.condition());
            Bookmark.parse(element).forEach(Bookmark::toConference);
            Bookmark.parseItems(element).forEach(Bookmark::toConference);
            Stanza.of(element).ifPresent(stanza -> {
                stanza.id();
                stanza.from();
                stanza.to();
                stanza.hasMalformedAddress();
                stanza.isFromOwnAccount(OWN);
                stanza.error();
                stanza.lang();
                switch (stanza) {
                    case Message message -> {
                        message.type();
                        message.body();
                        message.subject();
                        message.thread();
                    }
                    case Presence presence -> {
                        presence.type();
                        presence.show();
                        presence.status();
                        presence.priority();
                        MucUser.of(presence).ifPresent(Object::toString);
                    }
                    case Iq iq -> {
                        iq.type();
                        iq.isRequest();
                        iq.payload();
                    }
                }
            });
        }
    }

    private static Iterable<Element> everyElement(byte[] body) {
        return FuzzInput.elements(body).stream().flatMap(e -> FuzzInput.subtree(e).stream()).toList();
    }

    /** A MAM result's {@code <result/>} inside the message that carries it. */
    private static Element wrapped(Element result) {
        return Element.builder("message", Stanza.NAMESPACE).child(result).build();
    }
}
