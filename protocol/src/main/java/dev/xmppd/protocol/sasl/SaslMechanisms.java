package dev.xmppd.protocol.sasl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks the strongest mechanism both sides support, and builds it. Order: SCRAM-SHA-512-PLUS,
 * SCRAM-SHA-256-PLUS, SCRAM-SHA-1-PLUS (only with channel-binding data of a type the server accepts),
 * SCRAM-SHA-512, SCRAM-SHA-256, SCRAM-SHA-1, then PLAIN (only over TLS).
 */
public final class SaslMechanisms {

    private static final List<ScramAlgorithm> STRONGEST_FIRST =
            List.of(ScramAlgorithm.SHA_512, ScramAlgorithm.SHA_256, ScramAlgorithm.SHA_1);

    private SaslMechanisms() {
    }

    /** As {@link #choose(List, boolean, Optional, List)} when the server does not list binding types. */
    public static Optional<String> choose(List<String> offered, boolean tlsActive, Optional<ChannelBinding> binding) {
        return choose(offered, tlsActive, binding, List.of());
    }

    /**
     * The name of the mechanism to use, empty when none is acceptable.
     *
     * @param serverBindingTypes the channel-binding types the server advertised (XEP-0440); when empty, the
     *                           caller's binding type is assumed acceptable
     */
    public static Optional<String> choose(List<String> offered, boolean tlsActive, Optional<ChannelBinding> binding,
                                          List<String> serverBindingTypes) {
        boolean canBind = tlsActive && binding.isPresent()
                && (serverBindingTypes.isEmpty() || serverBindingTypes.contains(binding.get().type()));
        if (canBind) {
            for (ScramAlgorithm algorithm : STRONGEST_FIRST) {
                if (offered.contains(algorithm.plusName())) {
                    return Optional.of(algorithm.plusName());
                }
            }
        }
        for (ScramAlgorithm algorithm : STRONGEST_FIRST) {
            if (offered.contains(algorithm.mechanismName())) {
                return Optional.of(algorithm.mechanismName());
            }
        }
        if (tlsActive && offered.contains(PlainMechanism.NAME)) {
            return Optional.of(PlainMechanism.NAME);
        }
        return Optional.empty();
    }

    /**
     * Builds the named mechanism. A -PLUS name needs {@code binding}; for plain SCRAM the GS2 flag is {@code y}
     * when we have binding data but the server offered no -PLUS mechanism at all, else {@code n}.
     *
     * @throws IllegalArgumentException for an unknown name or a -PLUS name without binding data
     */
    public static SaslMechanism create(String name, String username, String password,
                                       Optional<ChannelBinding> binding, List<String> offered) {
        Objects.requireNonNull(name, "name");
        if (name.equals(PlainMechanism.NAME)) {
            return new PlainMechanism(username, password);
        }
        for (ScramAlgorithm algorithm : STRONGEST_FIRST) {
            if (name.equals(algorithm.plusName())) {
                ChannelBinding cb = binding.orElseThrow(
                        () -> new IllegalArgumentException(name + " needs channel-binding data"));
                return ScramMechanism.withBinding(algorithm, username, password, cb);
            }
            if (name.equals(algorithm.mechanismName())) {
                boolean serverOffersPlus = offered.stream().anyMatch(m -> m.endsWith("-PLUS"));
                return ScramMechanism.withoutBinding(algorithm, username, password,
                        binding.isPresent() && !serverOffersPlus);
            }
        }
        throw new IllegalArgumentException("unsupported SASL mechanism " + name);
    }

    /** {@link #choose} then {@link #create}: the mechanism to start with, empty when none fits. */
    public static Optional<SaslMechanism> negotiate(List<String> offered, boolean tlsActive,
                                                    Optional<ChannelBinding> binding, List<String> serverBindingTypes,
                                                    String username, String password) {
        return choose(offered, tlsActive, binding, serverBindingTypes)
                .map(name -> create(name, username, password, binding, offered));
    }
}
