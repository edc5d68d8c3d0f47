package dev.xmppd.daemon.account;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * The log's one line per account state change, with the account in the line and in the MDC ({@code account}, which
 * the text pattern shows in brackets and the JSON encoder as a field). Problems are warnings, the rest info.
 */
final class StateLog {
    private StateLog() {
    }

    static void changed(Logger log, Accounts.AccountStatus status) {
        MDC.put("account", status.jid());
        try {
            String state = name(status.state());
            switch (status.state()) {
                case ONLINE -> log.info("{} is online as {} via {}", status.jid(), status.boundJid().orElse("?"),
                        status.server().orElse("?"));
                case BACKOFF -> log.info("{} is in backoff: {}", status.jid(), status.lastError().orElse("?"));
                case ERROR, AUTH_FAILED -> log.warn("{} is {}: {}", status.jid(), state, status.lastError().orElse("?"));
                default -> log.info("{} is {}", status.jid(), state);
            }
        } finally {
            MDC.remove("account");
        }
    }

    static void removed(Logger log, String jid) {
        MDC.put("account", jid);
        try {
            log.info("{} is removed", jid);
        } finally {
            MDC.remove("account");
        }
    }

    /** The state as {@code status} shows it: {@code auth-failed}. */
    static String name(Accounts.AccountState state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
