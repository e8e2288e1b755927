-- The Asterisk node a call ran on, so an instance that (re)connects to a node can find the rows
-- that node's calls left open (a crashed instance's calls) and complete them.
ALTER TABLE calls ADD COLUMN node VARCHAR(64);
CREATE INDEX calls_open_by_node ON calls (node, ended_at);
