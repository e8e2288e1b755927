-- One schema for H2 and PostgreSQL: only types and statements both accept.

-- The proxy pool. open_keys counts the routing keys that use the number; it is updated in the same
-- transaction as the keys, so its row lock also orders a retirement against a concurrent allocation.
CREATE TABLE pool_numbers (
    number     VARCHAR(16) PRIMARY KEY,
    status     VARCHAR(10) NOT NULL,
    open_keys  BIGINT      NOT NULL DEFAULT 0,
    added_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every session ever opened, kept after it ends for the call log until the retention period purges it.
CREATE TABLE sessions (
    id          VARCHAR(36)  PRIMARY KEY,
    status      VARCHAR(10)  NOT NULL,
    reference   VARCHAR(200),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at    TIMESTAMP WITH TIME ZONE,
    -- the two real numbers in sorted order, to find the pair's last session for sticky proxies
    pair_key    VARCHAR(33)  NOT NULL,
    number_a    VARCHAR(16)  NOT NULL,
    label_a     VARCHAR(100),
    proxy_a     VARCHAR(16)  NOT NULL,
    number_b    VARCHAR(16)  NOT NULL,
    label_b     VARCHAR(100),
    proxy_b     VARCHAR(16)  NOT NULL
);
CREATE INDEX sessions_pair ON sessions (pair_key, created_at);
CREATE INDEX sessions_status_expiry ON sessions (status, expires_at);
CREATE INDEX sessions_ended ON sessions (ended_at);
CREATE INDEX sessions_reference ON sessions (reference);
CREATE INDEX sessions_number_a ON sessions (number_a);
CREATE INDEX sessions_number_b ON sessions (number_b);

-- The routing-key invariant: (participant, proxy) names at most one OPEN session. Rows exist only while
-- their session is open; closing or expiring a session deletes them. The counterpart and expiry are copied
-- here so that routing a call is one primary-key lookup.
CREATE TABLE routing_keys (
    participant_number  VARCHAR(16) NOT NULL,
    proxy_number        VARCHAR(16) NOT NULL,
    session_id          VARCHAR(36) NOT NULL,
    counterpart_number  VARCHAR(16) NOT NULL,
    counterpart_proxy   VARCHAR(16) NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT routing_keys_pk PRIMARY KEY (participant_number, proxy_number),
    CONSTRAINT routing_keys_session FOREIGN KEY (session_id) REFERENCES sessions (id),
    CONSTRAINT routing_keys_proxy FOREIGN KEY (proxy_number) REFERENCES pool_numbers (number)
);
CREATE INDEX routing_keys_by_session ON routing_keys (session_id);
CREATE INDEX routing_keys_by_proxy ON routing_keys (proxy_number, expires_at);

-- A reference names at most one OPEN session; same life as routing keys.
CREATE TABLE open_references (
    reference   VARCHAR(200) PRIMARY KEY,
    session_id  VARCHAR(36)  NOT NULL,
    CONSTRAINT open_references_session FOREIGN KEY (session_id) REFERENCES sessions (id)
);
CREATE INDEX open_references_by_session ON open_references (session_id);

-- One row per inbound call, written by the call flow. No foreign key to sessions: a rejected call has
-- none, and a call's record must never be lost because its session was purged first.
CREATE TABLE calls (
    id            VARCHAR(64)  PRIMARY KEY,
    session_id    VARCHAR(36),
    caller        VARCHAR(64)  NOT NULL,
    callee        VARCHAR(16),
    proxy_number  VARCHAR(64)  NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    answered_at   TIMESTAMP WITH TIME ZONE,
    ended_at      TIMESTAMP WITH TIME ZONE,
    outcome       VARCHAR(12),
    hangup_cause  VARCHAR(64)
);
CREATE INDEX calls_by_session ON calls (session_id, started_at);
CREATE INDEX calls_by_start ON calls (started_at);
