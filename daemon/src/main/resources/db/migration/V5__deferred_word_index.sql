-- xmppd schema, version 5: the full-text word index is written after the messages, not with them.
-- Writing a body's words (a dozen rows in a B-tree keyed by word) took about 60 % of the time a catch-up spent
-- storing a page. A message is now committed (and acknowledged) with one row here instead; the store writes the
-- words of these messages once writes pause, and search reads the bodies listed here directly until then, so it
-- finds every stored message either way.
CREATE TABLE unindexed_messages (
    message_id BIGINT NOT NULL PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE
);
