package dev.xmppd.daemon.login;

import dev.xmppd.protocol.xml.Element;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A stream-management session the account can take up again (XEP-0198 §5), as the login sees it: the
 * {@code <resume previd h/>} to send (stream management stored our h before handing it out) and the full JID the
 * session had. The classic login sends it after authentication; SASL2 sends it inside {@code <authenticate/>}.
 */
public interface SessionToResume {

    Element resume();

    String boundJid();

    /** Asks stream management for the session; empty when it turned out not to be worth resuming. */
    @FunctionalInterface
    interface Source {
        CompletionStage<Optional<SessionToResume>> prepare();
    }
}
