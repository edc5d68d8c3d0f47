package dev.xmppd.protocol.ext.dataforms;

import dev.xmppd.protocol.xml.Element;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A data form (XEP-0004), reduced to what extensions need: type, fields with their values, and the
 * hidden {@code FORM_TYPE} field (XEP-0068) that names the form's purpose.
 */
public record DataForm(Type type, List<Field> fields) {

    public static final String NAMESPACE = "jabber:x:data";
    public static final String FORM_TYPE = "FORM_TYPE";

    public enum Type {
        FORM, SUBMIT, CANCEL, RESULT;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One field; {@code type} is the XEP-0004 field type when given ({@code hidden}, {@code text-single}...). */
    public record Field(String var, Optional<String> type, List<String> values) {
        public Field {
            Objects.requireNonNull(var, "var");
            Objects.requireNonNull(type, "type");
            values = List.copyOf(values);
        }

        public Optional<String> value() {
            return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }
    }

    public DataForm {
        Objects.requireNonNull(type, "type");
        fields = List.copyOf(fields);
    }

    /**
     * A submit form with a hidden FORM_TYPE first and one field per entry (insertion order kept when the map
     * is ordered).
     */
    public static DataForm submit(String formType, Map<String, List<String>> values) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(FORM_TYPE, Optional.of("hidden"), List.of(formType)));
        values.forEach((var, v) -> fields.add(new Field(var, Optional.empty(), v)));
        return new DataForm(Type.SUBMIT, fields);
    }

    /** Parses {@code <x xmlns='jabber:x:data'/>}; empty when it is not one. Unknown children are skipped. */
    public static Optional<DataForm> parse(Element x) {
        if (!x.is("x", NAMESPACE)) {
            return Optional.empty();
        }
        Type type = Type.FORM;
        for (Type t : Type.values()) {
            if (x.attribute("type").map(t.value()::equals).orElse(false)) {
                type = t;
            }
        }
        List<Field> fields = new ArrayList<>();
        for (Element field : x.children("field", NAMESPACE)) {
            Optional<String> var = field.attribute("var");
            if (var.isPresent()) {
                fields.add(new Field(var.get(), field.attribute("type"),
                        field.children("value", NAMESPACE).stream().map(Element::text).toList()));
            }
        }
        return Optional.of(new DataForm(type, fields));
    }

    /** Every data form among the children of {@code parent}. */
    public static List<DataForm> in(Element parent) {
        return parent.children("x", NAMESPACE).stream().map(DataForm::parse).flatMap(Optional::stream).toList();
    }

    public Optional<String> formType() {
        return field(FORM_TYPE).flatMap(Field::value);
    }

    public Optional<Field> field(String var) {
        return fields.stream().filter(f -> f.var().equals(var)).findFirst();
    }

    public Element toElement() {
        Element.Builder b = Element.builder("x", NAMESPACE).attribute("type", type.value());
        for (Field field : fields) {
            Element.Builder f = Element.builder("field", NAMESPACE)
                    .attribute("var", field.var())
                    .attribute("type", field.type().orElse(null));
            field.values().forEach(v -> f.child(Element.builder("value", NAMESPACE).text(v).build()));
            b.child(f.build());
        }
        return b.build();
    }
}
