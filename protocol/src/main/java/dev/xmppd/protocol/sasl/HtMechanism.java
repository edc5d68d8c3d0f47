package dev.xmppd.protocol.sasl;

import dev.xmppd.protocol.sasl.SaslException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HT ("hashed token") SASL mechanisms that log in with a FAST token (XEP-0484 §3.3,
 * draft-schmaus-kitten-sasl-ht): the initial response is {@code authcid NUL HMAC(token, "Initiator" || cb)},
 * and the server proves it knows the token with {@code HMAC(token, "Responder" || cb)} in the success data. The
 * suffix names the channel binding folded in: {@code NONE}, {@code ENDP} (tls-server-end-point), {@code EXPR}
 * (tls-exporter). Only SHA-256 is defined here; it is what servers offer.
 */
public final class HtMechanism implements SaslMechanism {

    /** Names in our order of preference: the strongest binding first. */
    public static final List<String> STRONGEST_FIRST =
            List.of("HT-SHA-256-EXPR", "HT-SHA-256-ENDP", "HT-SHA-256-NONE");

    private final String name;
    private final String username;
    private final byte[] token;
    private final byte[] bindingData;
    private boolean complete;

    private HtMechanism(String name, String username, byte[] token, byte[] bindingData) {
        this.name = name;
        this.username = Objects.requireNonNull(username, "username");
        this.token = token.clone();
        this.bindingData = bindingData.clone();
    }

    /**
     * The mechanism {@code name} for a token, with the channel binding it needs from {@code bindings}.
     *
     * @throws IllegalArgumentException for an unknown name or a binding that is not available
     */
    public static HtMechanism create(String name, String username, String token, List<ChannelBinding> bindings) {
        Optional<String> type = bindingType(name);
        if (type.isEmpty() && !name.equals("HT-SHA-256-NONE")) {
            throw new IllegalArgumentException("unsupported SASL mechanism " + name);
        }
        byte[] data = type.map(t -> bindings.stream().filter(b -> b.type().equals(t)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(name + " needs " + t + " channel binding"))
                        .data())
                .orElse(new byte[0]);
        return new HtMechanism(name, username, token.getBytes(StandardCharsets.UTF_8), data);
    }

    /**
     * The strongest HT mechanism the server offers for FAST that our TLS session can bind to, if any.
     */
    public static Optional<String> choose(List<String> offered, List<ChannelBinding> bindings) {
        return STRONGEST_FIRST.stream()
                .filter(offered::contains)
                .filter(name -> bindingType(name).map(t -> bindings.stream().anyMatch(b -> b.type().equals(t)))
                        .orElse(true))
                .findFirst();
    }

    /** Whether {@code name} can be used with these bindings (its binding type is among them, or it has none). */
    public static boolean usable(String name, List<ChannelBinding> bindings) {
        return STRONGEST_FIRST.contains(name) && choose(List.of(name), bindings).isPresent();
    }

    private static Optional<String> bindingType(String name) {
        return switch (name) {
            case "HT-SHA-256-EXPR" -> Optional.of(ChannelBinding.TLS_EXPORTER);
            case "HT-SHA-256-ENDP" -> Optional.of(ChannelBinding.TLS_SERVER_END_POINT);
            default -> Optional.empty();
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] initialResponse() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(username.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(hmac("Initiator"));
        return out.toByteArray();
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        throw new SaslException(Reason.UNEXPECTED_MESSAGE, name + ": the server sent a challenge; HT has none");
    }

    @Override
    public void verifySuccess(byte[] additionalData) throws SaslException {
        if (additionalData.length == 0) {
            throw new SaslException(Reason.MISSING_SERVER_FINAL,
                    name + ": the server reported success without proving it knows the token");
        }
        if (!MessageDigest.isEqual(additionalData, hmac("Responder"))) {
            throw new SaslException(Reason.SERVER_SIGNATURE_INVALID,
                    name + ": the server's proof is wrong; the server may be an impostor");
        }
        complete = true;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    private byte[] hmac(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token, "HmacSHA256"));
            mac.update(label.getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(bindingData);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "HtMechanism[" + name + ", user=" + username + "]";
    }
}
