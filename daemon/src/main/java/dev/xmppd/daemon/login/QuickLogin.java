package dev.xmppd.daemon.login;

import dev.xmppd.protocol.ext.fast.Fast;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What a SASL2 login (XEP-0388) needs beyond the password: our user-agent id (stable per account, the server ties
 * FAST tokens and the Bind2 resource to it), the FAST token from the last login (XEP-0484), where a new token goes
 * (or {@code Optional.empty()} to forget a refused one), and where to get the stream-management session waiting to
 * be resumed, if one does: SASL2 resumes it inside {@code <authenticate/>} where the server offers that (XEP-0198
 * with XEP-0388), else Bind2 is left out so that classic XEP-0198 resumption can follow authentication.
 * {@code toString} never shows the token.
 */
public record QuickLogin(String clientId, Optional<Fast.Token> token, Consumer<Optional<Fast.Token>> tokens,
                         Optional<SessionToResume.Source> resumption) {

    public QuickLogin {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(resumption, "resumption");
    }

    /** A fresh client id, no token, nowhere to keep one. */
    public static QuickLogin none() {
        return new QuickLogin(UUID.randomUUID().toString(), Optional.empty(), t -> { }, Optional.empty());
    }

    public QuickLogin resuming(Optional<SessionToResume.Source> sessionToResume) {
        return new QuickLogin(clientId, token, tokens, sessionToResume);
    }

    /** Whether a stream-management session waits to be resumed on this login. */
    public boolean resumable() {
        return resumption.isPresent();
    }

    @Override
    public String toString() {
        return "QuickLogin[" + clientId + ", token=" + token.map(Fast.Token::toString).orElse("none")
                + ", resumable=" + resumable() + "]";
    }
}
