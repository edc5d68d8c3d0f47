package dev.xmppd.daemon.login;

import dev.xmppd.protocol.xml.Element;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** What a {@link LoginStep} tells the negotiator to do next. */
public sealed interface StepResult {

    /** Send these, stay in the step and wait for more. */
    record Continue(LoginContext context, List<Element> send) implements StepResult {
        public Continue {
            send = List.copyOf(send);
        }
    }

    /** Send these; the step is complete, go on with the next one on the same stream. */
    record Done(LoginContext context, List<Element> send) implements StepResult {
        public Done {
            send = List.copyOf(send);
        }
    }

    /** The step is complete and the stream restarts (after SASL success, RFC 6120 §6.4.6). */
    record RestartStream(LoginContext context) implements StepResult {
    }

    /** {@code <proceed/>} came: start TLS, then restart the stream (RFC 6120 §5.4.3.3). */
    record UpgradeTls(LoginContext context) implements StepResult {
    }

    /** Work outside the stream (the store); the negotiator waits for it without blocking. */
    record Later(CompletionStage<StepResult> result) implements StepResult {
    }

    /** XEP-0198 §5: {@code <resumed/>}; the stream continues an earlier session and the login is complete. */
    record Resumed(LoginContext context) implements StepResult {
    }

    record Failed(LoginFailure failure) implements StepResult {
    }

    static StepResult done(LoginContext context, Element... send) {
        return new Done(context, List.of(send));
    }

    static StepResult send(LoginContext context, Element... send) {
        return new Continue(context, List.of(send));
    }

    static StepResult fail(LoginFailure failure) {
        return new Failed(failure);
    }
}
