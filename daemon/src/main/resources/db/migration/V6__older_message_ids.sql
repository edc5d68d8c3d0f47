-- xmppd schema, version 6: ids for messages older than every message stored.
-- History orders by time, then by row id. A page fetched backwards (the first sync "last N" pages from the newest)
-- is older than everything stored before it, so its rows take ids from this descending sequence, below every id so
-- far: messages stamped in the same second keep the archive's order across pages.
CREATE SEQUENCE messages_older START WITH -1 INCREMENT BY -1;
