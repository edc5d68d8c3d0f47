package dev.xmppd.daemon.login;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How an account's last login went, for {@code status}: the path ({@code classic} for RFC 6120 SASL, bind and
 * stream restarts; {@code sasl2}, {@code +bind2} when the resource was bound inline (XEP-0386), {@code +fast} when a
 * FAST token replaced the password (XEP-0484); {@code resumed} is appended after an XEP-0198 resumption) and the
 * time from our first stream header to online.
 */
public record LoginSummary(String path, Duration took) {

    public static LoginSummary of(LoginContext login, Duration took) {
        List<String> parts = new ArrayList<>();
        if (login.isCompleted(Sasl2Step.NAME)) {
            parts.add("sasl2");
            if (login.isCompleted("bind2")) {
                parts.add("bind2");
            }
            if (login.isCompleted("fast")) {
                parts.add("fast");
            }
        } else {
            parts.add("classic");
        }
        if (login.isCompleted("sm-resume") && login.boundJid().isPresent() && !login.isCompleted("bind")) {
            parts.add("resumed");
        }
        return new LoginSummary(String.join("+", parts), took);
    }
}
