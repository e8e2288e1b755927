-- Issue 14: after the trip. One schema for H2 and PostgreSQL.

-- How long after it ends (closed or expired) a session still lets its participants reach the menu.
ALTER TABLE sessions ADD COLUMN recontact_seconds INTEGER DEFAULT 0 NOT NULL;

-- A participant's availability (a driver off shift). No row: available. until_at: the end of an
-- unavailability; past it the participant counts as available again without another request.
CREATE TABLE participant_availability (
    number      VARCHAR(16) PRIMARY KEY,
    available   BOOLEAN     NOT NULL,
    until_at    TIMESTAMP WITH TIME ZONE,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Callback requests, durable: a restarted Maskline (or the next active instance) finds them here.
-- status: pending, calling, completed, failed, expired, canceled. A 'calling' row belongs to the
-- instance in claimed_by until claimed_until; past that it is an attempt that ended unseen.
CREATE TABLE callbacks (
    id               VARCHAR(36) PRIMARY KEY,
    session_id       VARCHAR(36) NOT NULL,
    requester        VARCHAR(16) NOT NULL,
    requester_proxy  VARCHAR(16) NOT NULL,
    target           VARCHAR(16) NOT NULL,
    target_proxy     VARCHAR(16) NOT NULL,
    status           VARCHAR(10) NOT NULL,
    attempts         INTEGER     DEFAULT 0 NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by       VARCHAR(200),
    claimed_until    TIMESTAMP WITH TIME ZONE,
    last_call_id     VARCHAR(64)
);
CREATE INDEX callbacks_due ON callbacks (status, next_attempt_at);
CREATE INDEX callbacks_by_created ON callbacks (created_at, id);
CREATE INDEX callbacks_by_target ON callbacks (target, status);

-- The call log: what a menu call chose, and the callback a call placed for.
ALTER TABLE calls ADD COLUMN menu_choice VARCHAR(16);
ALTER TABLE calls ADD COLUMN callback_id VARCHAR(36);
