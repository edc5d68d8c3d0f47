package dev.xmppd.daemon.sm;

import dev.xmppd.daemon.login.LoginContext;
import dev.xmppd.daemon.login.LoginStep;
import dev.xmppd.daemon.login.SessionToResume;
import dev.xmppd.daemon.login.StepResult;
import dev.xmppd.protocol.ext.sm.SmNonza;
import dev.xmppd.protocol.jid.Jid;
import dev.xmppd.protocol.xml.Element;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * XEP-0198 §5, after SASL and instead of bind, when the account has a session to resume ({@link StreamManagement}
 * writes the {@code <resume previd h/>} with our stored h). {@code <resumed/>} ends the login at once: the old
 * session, its bound JID, roster and presence go on, and the queue is flushed (DESIGN: on resume, skip straight
 * to flushing the unacked queue). {@code <failed/>} lets the login go on with bind, as a new session.
 */
public final class ResumeStep implements LoginStep {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private final ActorRef<StreamManagement.Command> sm;
    private final Scheduler scheduler;
    private Optional<Jid> boundJid = Optional.empty();

    public ResumeStep(ActorRef<StreamManagement.Command> sm, Scheduler scheduler) {
        this.sm = sm;
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return "sm-resume";
    }

    @Override
    public boolean applies(LoginContext context) {
        return context.features().child("sm", SmNonza.NAMESPACE).isPresent();
    }

    @Override
    public StepResult start(LoginContext context) {
        return new StepResult.Later(source(sm, scheduler).prepare()
                .thenApply(resumption -> resumption.<StepResult>map(r -> {
                    boundJid = Jid.tryParse(r.boundJid());
                    return StepResult.send(context, r.resume());
                }).orElseGet(() -> StepResult.done(context))));
    }

    /** The session to resume, from {@code sm} ({@link StreamManagement.PrepareResume}); for SASL2 too. */
    public static SessionToResume.Source source(ActorRef<StreamManagement.Command> sm, Scheduler scheduler) {
        return () -> AskPattern.<StreamManagement.Command, Optional<StreamManagement.Resumption>>ask(
                        sm, StreamManagement.PrepareResume::new, ASK_TIMEOUT, scheduler)
                .thenApply(resumption -> resumption.map(SessionToResume.class::cast));
    }

    @Override
    public StepResult onElement(LoginContext context, Element element) {
        if (element.is("resumed", SmNonza.NAMESPACE)) {
            // XEP-0198 §5: the session keeps its full JID.
            return new StepResult.Resumed(boundJid.map(context::withBoundJid).orElse(context));
        }
        if (element.is("failed", SmNonza.NAMESPACE)) {
            return StepResult.done(context);
        }
        return new StepResult.Continue(context, List.of());
    }
}
