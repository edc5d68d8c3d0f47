package dev.xmppd.protocol.jid;

import dev.xmppd.protocol.jid.InvalidJidException.Reason;
import java.net.IDN;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import rocks.xmpp.precis.InvalidDirectionalityException;
import rocks.xmpp.precis.PrecisProfile;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * An XMPP address, {@code [localpart@]domainpart[/resourcepart]} (RFC 7622), always held in its
 * normalised form: the localpart through PRECIS UsernameCaseMapped, the resourcepart through
 * OpaqueString, the domain lowercased, IDNA-converted to Unicode, NFC, without a trailing dot.
 * Equality and hashing are on that form, so {@code Juliet@Example.COM} equals {@code juliet@example.com}.
 */
public final class Jid implements Comparable<Jid> {

    private static final int MAX_PART_BYTES = 1023;
    /** RFC 7622 §3.3.1: characters a localpart must not contain even though the profile allows them. */
    private static final String LOCALPART_EXCLUDED = "\"&'/:<>@";

    private final String local;
    private final String domain;
    private final String resource;

    private Jid(String local, String domain, String resource) {
        this.local = local;
        this.domain = domain;
        this.resource = resource;
    }

    /**
     * Parses and normalises a JID string.
     *
     * @throws InvalidJidException when the string is not a valid JID; its reason names the broken rule
     */
    public static Jid parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidJidException(Reason.EMPTY, "Invalid JID: the address is empty");
        }
        // RFC 7622 §3.1: the resource starts at the first '/', the localpart ends at the first '@' before it.
        String rest = text;
        String rawResource = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rawResource = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String rawLocal = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            rawLocal = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        return of(rawLocal, rest, rawResource, text);
    }

    /** Like {@link #parse(String)} but empty instead of throwing. */
    public static Optional<Jid> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (InvalidJidException e) {
            return Optional.empty();
        }
    }

    /** Builds a JID from its parts (local and resource may be null), normalising each. */
    public static Jid of(String local, String domain, String resource) {
        return of(local, domain, resource, display(local, domain, resource));
    }

    /** A domain-only JID such as {@code example.com}. */
    public static Jid domain(String domain) {
        return of(null, domain, null);
    }

    private static Jid of(String rawLocal, String rawDomain, String rawResource, String input) {
        String normLocal = rawLocal == null ? null : normaliseLocal(rawLocal, input);
        String normDomain = normaliseDomain(rawDomain, input);
        String normResource = rawResource == null ? null : normaliseResource(rawResource, input);
        return new Jid(normLocal, normDomain, normResource);
    }

    private static String normaliseLocal(String raw, String input) {
        if (raw.isEmpty()) {
            throw invalid(Reason.EMPTY_LOCALPART, input, "the localpart before '@' is empty");
        }
        String local = enforce(PrecisProfiles.USERNAME_CASE_MAPPED, raw, input, "localpart");
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (LOCALPART_EXCLUDED.indexOf(c) >= 0) {
                throw invalid(Reason.FORBIDDEN_CHARACTER, input,
                        "the localpart must not contain '" + c + "' (escape it with XEP-0106)");
            }
        }
        if (utf8Length(local) > MAX_PART_BYTES) {
            throw invalid(Reason.LOCALPART_TOO_LONG, input, "the localpart is longer than 1023 bytes");
        }
        return local;
    }

    private static String normaliseResource(String raw, String input) {
        if (raw.isEmpty()) {
            throw invalid(Reason.EMPTY_RESOURCE, input, "the resourcepart after '/' is empty");
        }
        String resource = enforce(PrecisProfiles.OPAQUE_STRING, raw, input, "resourcepart");
        if (utf8Length(resource) > MAX_PART_BYTES) {
            throw invalid(Reason.RESOURCE_TOO_LONG, input, "the resourcepart is longer than 1023 bytes");
        }
        return resource;
    }

    private static String normaliseDomain(String raw, String input) {
        String domain = withoutFinalDot(raw);
        if (domain.isEmpty()) {
            throw invalid(Reason.EMPTY_DOMAIN, input, "the domainpart is empty");
        }
        if (domain.startsWith("[")) {
            return ipv6Literal(domain, input);
        }
        String unicode;
        try {
            // Fullwidth dots and case are mapped by the IDNA conversion; STD3 rules refuse spaces, '@', '_'...
            String ascii = IDN.toASCII(raw.toLowerCase(Locale.ROOT), IDN.USE_STD3_ASCII_RULES);
            unicode = Normalizer.normalize(IDN.toUnicode(ascii.toLowerCase(Locale.ROOT)), Normalizer.Form.NFC);
        } catch (IllegalArgumentException e) {
            throw invalid(Reason.DOMAIN_INVALID, input, "the domainpart is not a valid domain name");
        }
        // RFC 7622 §3.2: one final label separator is stripped, also an IDNA one (U+3002...) that the conversion
        // mapped to '.'; stripping after the conversion keeps "a.." invalid instead of turning it into "a.",
        // which would parse again as another JID ("a").
        unicode = withoutFinalDot(unicode);
        if (unicode.isEmpty() || unicode.startsWith(".") || unicode.endsWith(".") || unicode.contains("..")) {
            throw invalid(Reason.DOMAIN_INVALID, input, "the domainpart has an empty label");
        }
        if (utf8Length(unicode) > MAX_PART_BYTES) {
            throw invalid(Reason.DOMAIN_TOO_LONG, input, "the domainpart is longer than 1023 bytes");
        }
        return unicode;
    }

    private static String withoutFinalDot(String domain) {
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }

    private static String ipv6Literal(String domain, String input) {
        if (!domain.endsWith("]") || domain.length() < 3) {
            throw invalid(Reason.DOMAIN_INVALID, input, "the IPv6 literal is not enclosed in '[' and ']'");
        }
        String address = domain.substring(1, domain.length() - 1);
        try {
            Inet6Address.ofLiteral(address);
        } catch (IllegalArgumentException e) {
            throw invalid(Reason.DOMAIN_INVALID, input, "the domainpart is not a valid IPv6 literal");
        }
        return "[" + address.toLowerCase(Locale.ROOT) + "]";
    }

    private static String enforce(PrecisProfile profile, String raw, String input, String part) {
        try {
            return profile.enforce(raw);
        } catch (InvalidDirectionalityException e) {
            throw invalid(Reason.BIDI_RULE, input, "the " + part + " violates the bidi rule (RFC 5893)");
        } catch (IllegalArgumentException e) {
            throw invalid(Reason.FORBIDDEN_CHARACTER, input,
                    "the " + part + " contains a character PRECIS disallows (" + e.getMessage() + ")");
        }
    }

    private static InvalidJidException invalid(Reason reason, String input, String detail) {
        String shown = input.length() > 80 ? input.substring(0, 80) + "…" : input;
        return new InvalidJidException(reason, "Invalid JID '" + shown + "': " + detail);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String display(String local, String domain, String resource) {
        StringBuilder sb = new StringBuilder();
        if (local != null) {
            sb.append(local).append('@');
        }
        sb.append(Objects.requireNonNullElse(domain, ""));
        if (resource != null) {
            sb.append('/').append(resource);
        }
        return sb.toString();
    }

    public Optional<String> local() {
        return Optional.ofNullable(local);
    }

    public String domain() {
        return domain;
    }

    public Optional<String> resource() {
        return Optional.ofNullable(resource);
    }

    /** This JID without its resource ({@code juliet@example.com}). */
    public Jid bare() {
        return resource == null ? this : new Jid(local, domain, null);
    }

    /** Just the domain ({@code example.com}). */
    public Jid domainJid() {
        return local == null && resource == null ? this : new Jid(null, domain, null);
    }

    public boolean isBare() {
        return resource == null;
    }

    /** True for a JID that is only a domain: no localpart, no resource. */
    public boolean isDomain() {
        return local == null && resource == null;
    }

    /** This bare JID with a (normalised) resource. */
    public Jid withResource(String newResource) {
        String normalised = normaliseResource(Objects.requireNonNull(newResource, "resource"),
                display(local, domain, newResource));
        return new Jid(local, domain, normalised);
    }

    /** XEP-0106: escapes the characters a localpart may not hold ({@code d'artagnan} → {@code d\27artagnan}). */
    public static String escapeLocal(String unescaped) {
        return LocalpartEscaping.escape(unescaped);
    }

    /** XEP-0106: reverses {@link #escapeLocal(String)}. */
    public static String unescapeLocal(String escaped) {
        return LocalpartEscaping.unescape(escaped);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Jid other && Objects.equals(local, other.local) && domain.equals(other.domain)
                && Objects.equals(resource, other.resource);
    }

    @Override
    public int hashCode() {
        return Objects.hash(local, domain, resource);
    }

    @Override
    public int compareTo(Jid other) {
        return toString().compareTo(other.toString());
    }

    /** The canonical string form. */
    @Override
    public String toString() {
        return display(local, domain, resource);
    }
}
