-- xmppd schema, version 4: several daemons sharing one PostgreSQL database (xmppd.cluster).

-- The node that runs each account, with a fencing epoch that grows with every claim. A node writes an account's
-- archive and stream management state only while the row still holds the epoch it claimed, so a node cut off from
-- the cluster (or one that has not yet noticed its account moved) cannot write over the new owner.
CREATE TABLE account_owner (
    account     VARCHAR(3071) PRIMARY KEY,
    node        VARCHAR(1024) NOT NULL,
    epoch       BIGINT        NOT NULL,
    claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Which nodes' config files declare each account (accounts.declared is true while any does): a node whose config
-- no longer lists an account drops only its own row, and the account is disabled once no node declares it.
CREATE TABLE account_declarations (
    account VARCHAR(3071) NOT NULL REFERENCES accounts(jid) ON DELETE CASCADE,
    node    VARCHAR(1024) NOT NULL,
    PRIMARY KEY (account, node)
);
