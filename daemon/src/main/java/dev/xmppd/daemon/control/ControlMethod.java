package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * One JSON-RPC method. Runs on the connection's virtual thread: it may validate and build messages, but must not
 * block for long; actor work goes through {@code AskPattern.ask}. Fails with {@link ControlError} for answers the
 * user should see.
 */
@FunctionalInterface
public interface ControlMethod {
    CompletionStage<? extends JsonNode> call(Params params, Notifier notifier);
}
