-- Lists are paged newest first by (time, id): these indexes serve that order and the batched purge.
CREATE INDEX sessions_by_created ON sessions (created_at, id);
CREATE INDEX calls_by_start_id ON calls (started_at, id);
CREATE INDEX pool_numbers_by_added ON pool_numbers (added_at, number);
