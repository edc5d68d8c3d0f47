package dev.xmppd.daemon.login;

import dev.xmppd.protocol.xml.Element;
import java.time.Duration;

/**
 * STARTTLS (RFC 6120 §5.4): ask, and on {@code <proceed/>} let the negotiator start TLS. A
 * {@code <failure/>} or no answer is {@code tls-unavailable}: we never fall back to plaintext.
 */
final class StartTls implements LoginStep {

    static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-tls";

    @Override
    public String name() {
        return "starttls";
    }

    @Override
    public StepResult start(LoginContext context) {
        return StepResult.send(context, Element.builder("starttls", NAMESPACE).build());
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        if (element.is("proceed", NAMESPACE)) {
            return new StepResult.UpgradeTls(context.completing(name()));
        }
        if (element.is("failure", NAMESPACE)) {
            // RFC 6120 §5.4.2.2: the server closes the stream after <failure/>.
            return StepResult.fail(LoginFailure.tlsUnavailable("the server refused STARTTLS"));
        }
        return StepResult.fail(LoginFailure.protocol("expected <proceed/> after <starttls/>, got <"
                + element.name() + "/>"));
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(15);
    }

    @Override
    public LoginFailure onTimeout() {
        return LoginFailure.tlsUnavailable("the server never answered <starttls/> with <proceed/>");
    }
}
