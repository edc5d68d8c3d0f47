package dev.xmppd.daemon.cluster;

/**
 * Marks the messages that travel between cluster nodes: Pekko serializes them with Jackson CBOR (the binding is in
 * {@link ClusterConfig}). Everything else stays inside one JVM and is never serialized.
 */
public interface ClusterMessage {
}
