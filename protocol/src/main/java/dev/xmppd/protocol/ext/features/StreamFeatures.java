package dev.xmppd.protocol.ext.features;

import dev.xmppd.protocol.ext.bind.Bind;
import dev.xmppd.protocol.ext.bind.Session;
import dev.xmppd.protocol.ext.csi.ClientState;
import dev.xmppd.protocol.ext.roster.Roster;
import dev.xmppd.protocol.ext.sm.SmNonza;
import dev.xmppd.protocol.sasl.SaslElements;
import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.Optional;

/**
 * The {@code <stream:features/>} a server offers after each stream (re)start (RFC 6120 §4.3.2), as data the
 * negotiator walks: each feature element is kept, with typed questions for the ones the login needs.
 */
public record StreamFeatures(List<Element> elements) {

    public static final String STREAM_NAMESPACE = "http://etherx.jabber.org/streams";
    /** XEP-0440: the channel-binding types the server supports for SCRAM -PLUS. */
    public static final String CHANNEL_BINDING_NAMESPACE = "urn:xmpp:sasl-cb:0";

    public StreamFeatures {
        elements = List.copyOf(elements);
    }

    /** Parses {@code <stream:features/>}; empty when the element is something else. */
    public static Optional<StreamFeatures> parse(Element features) {
        if (!features.is("features", STREAM_NAMESPACE)) {
            return Optional.empty();
        }
        return Optional.of(new StreamFeatures(features.elements()));
    }

    public Optional<Element> feature(String name, String namespace) {
        return elements.stream().filter(e -> e.is(name, namespace)).findFirst();
    }

    public boolean has(String name, String namespace) {
        return feature(name, namespace).isPresent();
    }

    /** STARTTLS when offered: {@code true} when the server marks it {@code <required/>}. */
    public Optional<Boolean> startTls() {
        return feature("starttls", StartTls.NAMESPACE)
                .map(e -> e.child("required", StartTls.NAMESPACE).isPresent());
    }

    /** The SASL mechanisms offered, in the server's order; empty list when SASL is not offered. */
    public List<String> mechanisms() {
        return feature("mechanisms", SaslElements.NAMESPACE).map(SaslElements::mechanisms).orElse(List.of());
    }

    /** XEP-0440 channel-binding types; empty when the server does not say. */
    public List<String> channelBindingTypes() {
        return feature("sasl-channel-binding", CHANNEL_BINDING_NAMESPACE)
                .map(e -> e.children("channel-binding", CHANNEL_BINDING_NAMESPACE).stream()
                        .map(c -> c.attribute("type"))
                        .flatMap(Optional::stream)
                        .toList())
                .orElse(List.of());
    }

    public boolean bind() {
        return has("bind", Bind.NAMESPACE);
    }

    /** True when the legacy session must be requested: listed, and not marked {@code <optional/>}. */
    public boolean sessionRequired() {
        return feature("session", Session.NAMESPACE).map(Session::isRequired).orElse(false);
    }

    public boolean streamManagement() {
        return has("sm", SmNonza.NAMESPACE);
    }

    public boolean clientStateIndication() {
        return has("csi", ClientState.NAMESPACE);
    }

    public boolean rosterVersioning() {
        return has("ver", Roster.VERSIONING_FEATURE_NAMESPACE);
    }
}
