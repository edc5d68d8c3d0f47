package dev.xmppd.daemon.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How a streaming method (tail, sync progress, console) talks before its final result: each call sends a JSON-RPC
 * notification {@code {"jsonrpc":"2.0","method":M,"params":{"request":ID,...}}} on the caller's connection, where
 * {@code request} is the id of the call it belongs to. The final response ends the stream; a client cancels by
 * closing the connection, which runs the {@link #onClose} callbacks.
 */
public interface Notifier {
    void notify(String method, ObjectNode params);

    /** Runs {@code action} once when the client's connection closes (at once if it already has). */
    void onClose(Runnable action);

    /**
     * Completes once everything notified so far is written to the client, so a producer that waits for it (export)
     * runs at most one chunk ahead of a slow reader instead of queueing everything in memory; fails once the
     * connection is closed.
     */
    default CompletionStage<Void> written() {
        return CompletableFuture.completedFuture(null);
    }
}
