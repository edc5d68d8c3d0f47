package dev.xmppd.protocol.sasl;

import dev.xmppd.protocol.sasl.SaslException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import rocks.xmpp.precis.PrecisProfiles;

/**
 * SASL PLAIN (RFC 4616) with an empty authorization identity: {@code \0username\0password}. Only ever
 * offered over TLS ({@link SaslMechanisms#choose}); it does not authenticate the server.
 */
public final class PlainMechanism implements SaslMechanism {

    public static final String NAME = "PLAIN";

    private final String username;
    private final String password;
    private boolean complete;

    public PlainMechanism(String username, String password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] initialResponse() {
        String normalised;
        try {
            normalised = PrecisProfiles.OPAQUE_STRING.enforce(password);
        } catch (IllegalArgumentException e) {
            // An unusable password still goes out as typed; the server answers not-authorized.
            normalised = password;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(username.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.writeBytes(normalised.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Override
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        throw new SaslException(Reason.UNEXPECTED_MESSAGE, "PLAIN: the server sent a challenge; PLAIN has none");
    }

    @Override
    public void verifySuccess(byte[] additionalData) {
        complete = true;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public String toString() {
        return "PlainMechanism[user=" + username + "]";
    }
}
