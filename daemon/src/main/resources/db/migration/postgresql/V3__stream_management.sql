-- PostgreSQL variant of ../V3__stream_management.sql, the same schema: PostgreSQL has no CLOB, its TEXT is the same.
-- xmppd schema, version 3: XEP-0198 stream management state, so a restart of the daemon inside the server's
-- resumption window resumes the session, and stanzas a dead session still owed are resent after the next login.
-- V1's sm_state (never written) lacked the outbound counters and the unacknowledged stanzas: replaced.

DROP TABLE sm_state;

-- One row per account. resumable: the session may be resumed; otherwise only its sm_unacked stanzas matter.
-- Counts are absolute for the account (never restart); h on the wire = count - base, modulo 2^32.
CREATE TABLE sm_session (
    account          VARCHAR(3071) PRIMARY KEY REFERENCES accounts(jid) ON DELETE CASCADE,
    resumption_id    VARCHAR(1024),
    location         VARCHAR(1024),
    bound_jid        VARCHAR(3071),
    resumable        BOOLEAN       NOT NULL,
    max_seconds      BIGINT,
    inbound_base     BIGINT        NOT NULL,
    inbound_handled  BIGINT        NOT NULL,
    outbound_base    BIGINT        NOT NULL,
    outbound_acked   BIGINT        NOT NULL,
    outbound_sent    BIGINT        NOT NULL,
    resumptions      INT           NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Outbound stanzas not yet acknowledged by the server, stored before they are written to the wire.
CREATE TABLE sm_unacked (
    account   VARCHAR(3071) NOT NULL REFERENCES accounts(jid) ON DELETE CASCADE,
    position  BIGINT        NOT NULL,
    stanza    TEXT          NOT NULL,
    PRIMARY KEY (account, position)
);
