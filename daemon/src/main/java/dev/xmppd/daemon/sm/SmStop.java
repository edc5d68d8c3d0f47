package dev.xmppd.daemon.sm;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The last state of {@link StreamManagement}: it confirms the stop once the store has what it must keep and, when
 * closing politely, once the stream is closed; or after {@link #TIMEOUT}, dropping the connection.
 */
final class SmStop {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private SmStop() {
    }

    static Behavior<StreamManagement.Command> stopping(ActorContext<StreamManagement.Command> context,
                                                       TimerScheduler<StreamManagement.Command> timers, Outbox outbox,
                                                       SmLink link, boolean keep,
                                                       ActorRef<StreamManagement.Stopped> replyTo) {
        boolean[] stored = {false};
        boolean[] closed = {false};
        context.pipeToSelf(outbox.stop(keep, link.wire(), link.active(), () -> stored[0] = true),
                (done, error) -> StreamManagement.StreamClosed.INSTANCE);
        timers.startSingleTimer(StreamManagement.StopTimedOut.INSTANCE, TIMEOUT);
        return Behaviors.receive(StreamManagement.Command.class)
                .onMessage(StreamManagement.Stored.class, m -> {
                    outbox.stored(m.result());
                    return stopped(stored[0] && closed[0], replyTo);
                })
                .onMessage(StreamManagement.StreamClosed.class, m -> {
                    closed[0] = true;
                    return stopped(stored[0], replyTo);
                })
                .onMessage(StreamManagement.StopTimedOut.class, m -> {
                    context.getLog().warn("stopping stream management took too long: {}",
                            stored[0] ? "the server did not close the stream" : "the store did not confirm");
                    link.wire().ifPresent(Wire::abort);
                    return stopped(true, replyTo);
                })
                .onAnyMessage(m -> Behaviors.same())
                .build();
    }

    private static Behavior<StreamManagement.Command> stopped(boolean done, ActorRef<StreamManagement.Stopped> replyTo) {
        if (!done) {
            return Behaviors.same();
        }
        replyTo.tell(StreamManagement.Stopped.INSTANCE);
        return Behaviors.stopped();
    }
}
