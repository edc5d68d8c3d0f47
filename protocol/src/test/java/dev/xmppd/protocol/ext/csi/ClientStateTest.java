package dev.xmppd.protocol.ext.csi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.stanza.Xml;
import org.junit.jupiter.api.Test;

class ClientStateTest {

    @Test
    void activeAndInactive() {
        assertThat(ClientState.ACTIVE.toElement()).isEqualTo(Xml.parse("<active xmlns='urn:xmpp:csi:0'/>"));
        assertThat(ClientState.INACTIVE.toElement()).isEqualTo(Xml.parse("<inactive xmlns='urn:xmpp:csi:0'/>"));
    }
}
