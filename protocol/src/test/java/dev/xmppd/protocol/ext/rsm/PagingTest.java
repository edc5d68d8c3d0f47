package dev.xmppd.protocol.ext.rsm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.stanza.Xml;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PagingTest {

    @Test
    void requestBuilders() {
        assertThat(PageRequest.first(10).toElement())
                .isEqualTo(Xml.parse("<set xmlns='http://jabber.org/protocol/rsm'><max>10</max></set>"));
        assertThat(PageRequest.before("", OptionalInt.of(5)).toElement()).isEqualTo(Xml.parse(
                "<set xmlns='http://jabber.org/protocol/rsm'><max>5</max><before/></set>"));
        PageRequest all = new PageRequest(OptionalInt.of(1), Optional.of("a"), Optional.of("b"), OptionalInt.of(3));
        assertThat(PageRequest.parse(Xml.reparse(all.toElement()))).contains(all);
    }

    @Test
    void resultToleratesBadNumbersAndUnknownChildren() {
        PageResult page = PageResult.parse(Xml.parse("""
                <set xmlns='http://jabber.org/protocol/rsm'>
                  <first index='x'>f</first><last>l</last><count>many</count><extra/>
                </set>""")).orElseThrow();
        assertThat(page.first()).contains("f");
        assertThat(page.last()).contains("l");
        assertThat(page.count()).isEmpty();
        assertThat(page.firstIndex()).isEmpty();
        assertThat(PageResult.parse(Xml.parse("<set xmlns='urn:other'/>"))).isEmpty();
    }
}
