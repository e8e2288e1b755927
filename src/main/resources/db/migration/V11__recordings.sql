-- Recording and transcription (issue 15). One schema for H2 and PostgreSQL.

-- Whether a session's calls are recorded: the effective value, the default applied when the session was opened.
ALTER TABLE sessions ADD COLUMN record BOOLEAN DEFAULT FALSE NOT NULL;

-- One row per recorded call, written before Asterisk is asked to record: a Maskline that restarts
-- mid-call finds it and still collects the recording when the call ends. No foreign key to calls:
-- the recording may start before the call's row is written (the call log is queued).
--   status: recording (Asterisk records; collect when the call has ended), ready (in the storage
--   folder), failed (nothing could be collected), deleted (removed through the API).
CREATE TABLE recordings (
    call_id          VARCHAR(64) PRIMARY KEY,
    status           VARCHAR(12) NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_ms      BIGINT,
    bytes            BIGINT,
    attempts         INT DEFAULT 0 NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    error            VARCHAR(200)
);
CREATE INDEX recordings_due ON recordings (status, next_attempt_at);
CREATE INDEX recordings_by_start ON recordings (started_at);

-- The transcription queue and its results, one row per recorded call: the row is the durable job.
--   status: pending (queued or being retried), running (claimed until claimed_until), done, failed.
-- flags holds the QA keywords found, comma-separated; NULL when none.
CREATE TABLE transcripts (
    call_id          VARCHAR(64) PRIMARY KEY,
    status           VARCHAR(10) NOT NULL,
    attempts         INT DEFAULT 0 NOT NULL,
    next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by       VARCHAR(200),
    claimed_until    TIMESTAMP WITH TIME ZONE,
    language         VARCHAR(32),
    body             VARCHAR(1000000),
    flags            VARCHAR(2000),
    error            VARCHAR(200),
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX transcripts_due ON transcripts (status, next_attempt_at);
CREATE INDEX transcripts_flagged ON transcripts (flags);
