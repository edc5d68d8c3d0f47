package dev.xmppd.daemon.store;

/**
 * A message read back from the archive, with its row id (the keyset cursor of history, search and export).
 */
public record StoredMessage(long rowId, String account, ArchivedMessage message) {
}
