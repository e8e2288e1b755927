-- Who may hold an Asterisk node's ARI application (active/standby, PostgreSQL): one row per
-- (application, node). The holder renews expires_at; a takeover is a conditional UPDATE that only
-- succeeds once the row has expired by the database's clock, and it increments epoch, so an old
-- holder that wakes up finds its (holder, epoch) gone and cannot renew.
CREATE TABLE ari_leases (
    app        VARCHAR(100) NOT NULL,
    node       VARCHAR(200) NOT NULL,
    holder     VARCHAR(200) NOT NULL,
    epoch      BIGINT NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app, node)
);
