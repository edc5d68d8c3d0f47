package dev.xmppd.daemon.login;

import dev.xmppd.protocol.xml.Element;
import java.time.Duration;

/**
 * One step of the login recap (a stream feature or a post-bind request). The {@link Negotiator} walks
 * steps as data: it asks whether a step applies, starts it, hands it the elements addressed to it (IQ
 * responses already matched by id and sender), and acts on the {@link StepResult}. A step instance
 * serves one login and may keep state between calls; it is confined to the negotiator's actor.
 */
public interface LoginStep {

    /** The step's name in logs and the state graph ({@code starttls}, {@code sasl}, {@code roster}...). */
    String name();

    /** Whether the step runs at all in this login (e.g. carbons only when the server has them). */
    default boolean applies(LoginContext context) {
        return true;
    }

    StepResult start(LoginContext context);

    StepResult onElement(LoginContext context, Element element);

    default Duration timeout() {
        return Duration.ofSeconds(30);
    }

    /** What a timeout means for this step; usually a network problem worth a retry. */
    default LoginFailure onTimeout() {
        return LoginFailure.timeout("the " + name() + " request");
    }
}
