-- Issue 17: the Twilio Proxy-compatible API. Twilio's resources map onto Maskline's own pool, sessions and
-- routing keys; these tables only hold what Twilio has and Maskline does not (sids, service defaults,
-- sessions still waiting for their second participant).

-- Pools. A pool number belongs to the default pool (pool NULL: /v1/numbers) or to one Twilio service
-- (pool = its KS sid); a session allocates only from its own pool. A reserved number is never allocated
-- automatically, only when a participant asks for it by number.
ALTER TABLE pool_numbers ADD COLUMN pool VARCHAR(34);
ALTER TABLE pool_numbers ADD COLUMN reserved BOOLEAN DEFAULT FALSE NOT NULL;

CREATE TABLE twilio_services (
    sid                          VARCHAR(34)   PRIMARY KEY,
    unique_name                  VARCHAR(191)  NOT NULL,
    default_ttl                  INTEGER       NOT NULL,
    callback_url                 VARCHAR(2048),
    intercept_callback_url       VARCHAR(2048),
    out_of_session_callback_url  VARCHAR(2048),
    number_selection_behavior    VARCHAR(16)   NOT NULL,
    geo_match_level              VARCHAR(16)   NOT NULL,
    created_at                   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at                   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT twilio_services_unique_name UNIQUE (unique_name)
);
CREATE INDEX twilio_services_by_created ON twilio_services (created_at, sid);

-- A service's numbers: the PN sid of a pool number (pool_numbers.pool names the service).
CREATE TABLE twilio_numbers (
    sid          VARCHAR(34)  PRIMARY KEY,
    service_sid  VARCHAR(34)  NOT NULL,
    number       VARCHAR(16)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT twilio_numbers_number UNIQUE (number),
    CONSTRAINT twilio_numbers_service FOREIGN KEY (service_sid) REFERENCES twilio_services (sid) ON DELETE CASCADE
);
CREATE INDEX twilio_numbers_by_created ON twilio_numbers (service_sid, created_at, sid);

-- A Twilio session. session_id is the Maskline session that routes it, set once two participants are in;
-- until then the session is pending (it routes nothing) and expires_at/closed_at are its own. Purging the
-- Maskline session (retention) purges this row and its participants.
CREATE TABLE twilio_sessions (
    sid            VARCHAR(34)  PRIMARY KEY,
    service_sid    VARCHAR(34)  NOT NULL,
    unique_name    VARCHAR(191),
    session_id     VARCHAR(36),
    mode           VARCHAR(20)  NOT NULL,
    ttl            INTEGER,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    closed_at      TIMESTAMP WITH TIME ZONE,
    closed_reason  VARCHAR(64),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT twilio_sessions_service FOREIGN KEY (service_sid) REFERENCES twilio_services (sid) ON DELETE CASCADE,
    CONSTRAINT twilio_sessions_session FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE,
    CONSTRAINT twilio_sessions_unique_name UNIQUE (service_sid, unique_name),
    CONSTRAINT twilio_sessions_one_session UNIQUE (session_id)
);
CREATE INDEX twilio_sessions_by_created ON twilio_sessions (service_sid, created_at, sid);

-- A participant's KP sid, and its proxy while the session is pending (afterwards the Maskline session's
-- participant row is the truth; proxy_number is kept equal to it).
CREATE TABLE twilio_participants (
    sid            VARCHAR(34)   PRIMARY KEY,
    session_sid    VARCHAR(34)   NOT NULL,
    identifier     VARCHAR(16)   NOT NULL,
    friendly_name  VARCHAR(255),
    proxy_number   VARCHAR(16)   NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT twilio_participants_session FOREIGN KEY (session_sid) REFERENCES twilio_sessions (sid) ON DELETE CASCADE,
    CONSTRAINT twilio_participants_one_each UNIQUE (session_sid, identifier)
);
CREATE INDEX twilio_participants_by_identifier ON twilio_participants (identifier);
