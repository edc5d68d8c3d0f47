package dev.xmppd.protocol.ext.dataforms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.protocol.stanza.Xml;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataFormTest {

    @Test
    void parsesFieldsAndFormType() {
        DataForm form = DataForm.parse(Xml.parse("""
                <x xmlns='jabber:x:data' type='form'>
                  <title>Search</title>
                  <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>
                  <field var='with' type='jid-single'/>
                  <field type='fixed'><value>no var: skipped</value></field>
                  <field var='multi' type='list-multi'><value>a</value><value>b</value><option/></field>
                </x>""")).orElseThrow();
        assertThat(form.type()).isEqualTo(DataForm.Type.FORM);
        assertThat(form.formType()).contains("urn:xmpp:mam:2");
        assertThat(form.fields()).extracting(DataForm.Field::var).containsExactly("FORM_TYPE", "with", "multi");
        assertThat(form.field("multi").orElseThrow().values()).containsExactly("a", "b");
        assertThat(form.field("with").orElseThrow().value()).isEmpty();
    }

    @Test
    void submitFormRoundTrips() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("with", List.of("juliet@capulet.lit"));
        DataForm submit = DataForm.submit("urn:xmpp:mam:2", values);
        assertThat(submit.toElement()).isEqualTo(Xml.parse("""
                <x xmlns='jabber:x:data' type='submit'>\
                <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>\
                <field var='with'><value>juliet@capulet.lit</value></field></x>"""));
        assertThat(DataForm.parse(Xml.reparse(submit.toElement()))).contains(submit);
    }
}
