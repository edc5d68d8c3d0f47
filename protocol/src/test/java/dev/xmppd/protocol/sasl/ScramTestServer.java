package dev.xmppd.protocol.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The server side of SCRAM, computed independently of the client's state machine, for round-trip tests. */
final class ScramTestServer {

    private final ScramFunctions f;
    private final byte[] salt;
    private final int iterations;
    private final String password;
    private final String serverNonceSuffix;
    private byte[] expectedCbind;
    private String clientFirstBare;
    private String serverFirst;
    private String authMessage;

    ScramTestServer(ScramAlgorithm algorithm, String password, byte[] salt, int iterations, String serverNonceSuffix) {
        this.f = new ScramFunctions(algorithm);
        this.password = password;
        this.salt = salt;
        this.iterations = iterations;
        this.serverNonceSuffix = serverNonceSuffix;
    }

    /** Returns server-first-message; remembers the GS2 header the client used. */
    String serverFirst(byte[] clientFirst, byte[] cbindData) {
        String text = new String(clientFirst, StandardCharsets.UTF_8);
        int split = text.indexOf(",", text.indexOf(",") + 1) + 1;
        String gs2 = text.substring(0, split);
        clientFirstBare = text.substring(split);
        byte[] header = gs2.getBytes(StandardCharsets.UTF_8);
        expectedCbind = cbindData == null ? header : concat(header, cbindData);
        String clientNonce = clientFirstBare.substring(clientFirstBare.indexOf("r=") + 2);
        serverFirst = "r=" + clientNonce + serverNonceSuffix + ",s=" + Base64.getEncoder().encodeToString(salt)
                + ",i=" + iterations;
        return serverFirst;
    }

    /** Verifies client-final-message and returns server-final-message, or throws. */
    String serverFinal(byte[] clientFinal) {
        String text = new String(clientFinal, StandardCharsets.UTF_8);
        String withoutProof = text.substring(0, text.lastIndexOf(",p="));
        String proof = text.substring(text.lastIndexOf(",p=") + 3);
        String c = withoutProof.substring(2, withoutProof.indexOf(','));
        if (!c.equals(Base64.getEncoder().encodeToString(expectedCbind))) {
            throw new AssertionError("channel binding mismatch: " + c);
        }
        authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] salted = f.hi(password.getBytes(StandardCharsets.UTF_8), salt, iterations);
        byte[] storedKey = f.hash(f.hmac(salted, "Client Key".getBytes(StandardCharsets.UTF_8)));
        byte[] clientSignature = f.hmac(storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
        byte[] clientKey = ScramFunctions.xor(Base64.getDecoder().decode(proof), clientSignature);
        if (!java.util.Arrays.equals(f.hash(clientKey), storedKey)) {
            throw new AssertionError("client proof invalid");
        }
        byte[] serverKey = f.hmac(salted, "Server Key".getBytes(StandardCharsets.UTF_8));
        return "v=" + Base64.getEncoder().encodeToString(f.hmac(serverKey, authMessage.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
