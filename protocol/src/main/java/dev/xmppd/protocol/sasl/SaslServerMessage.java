package dev.xmppd.protocol.sasl;

import java.util.Objects;
import java.util.Optional;

/** What the server sends during SASL negotiation (RFC 6120 §6.4): a challenge, success or failure. */
public sealed interface SaslServerMessage {

    record Challenge(byte[] data) implements SaslServerMessage {
        public Challenge {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Challenge c && java.util.Arrays.equals(data, c.data);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Challenge[" + data.length + " bytes]";
        }
    }

    /** Success with its additional data (empty when there was none). */
    record Success(byte[] additionalData) implements SaslServerMessage {
        public Success {
            additionalData = additionalData.clone();
        }

        @Override
        public byte[] additionalData() {
            return additionalData.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Success s && java.util.Arrays.equals(additionalData, s.additionalData);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(additionalData);
        }

        @Override
        public String toString() {
            return "Success[" + additionalData.length + " bytes]";
        }
    }

    record Failure(SaslFailureCondition condition, Optional<String> text) implements SaslServerMessage {
        public Failure {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(text, "text");
        }
    }
}
