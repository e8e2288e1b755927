-- Issue 13: masked text messages (SIP MESSAGE) and the session mode.

-- What a session carries: calls, messages or both. Copied into routing_keys so that routing a call
-- or a message stays one primary-key lookup. Existing sessions keep doing both.
ALTER TABLE sessions ADD COLUMN mode VARCHAR(20) DEFAULT 'voice-and-message' NOT NULL;
ALTER TABLE routing_keys ADD COLUMN mode VARCHAR(20) DEFAULT 'voice-and-message' NOT NULL;

-- One row per message Maskline saw or sent: relayed, failed or rejected. Like calls, no foreign key
-- to sessions (a rejected message has none; a row must never be lost to a purged session). The body
-- is stored only when MASKLINE_STORE_MESSAGE_BODIES=true (personal data); its length always is.
CREATE TABLE messages (
    id            VARCHAR(36)  PRIMARY KEY,
    session_id    VARCHAR(36),
    sender        VARCHAR(64)  NOT NULL,
    recipient     VARCHAR(64),
    proxy_number  VARCHAR(64)  NOT NULL,
    direction     VARCHAR(8)   NOT NULL,
    status        VARCHAR(8)   NOT NULL,
    reason        VARCHAR(64),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    body_length   INTEGER      NOT NULL,
    body          VARCHAR(4096)
);
-- Lists are paged newest first by (created_at, id), overall and per session; the first also serves the purge.
CREATE INDEX messages_by_created ON messages (created_at, id);
CREATE INDEX messages_by_session ON messages (session_id, created_at, id);
