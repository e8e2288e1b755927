package org.maskline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The transcription queue and its results (issue 15). The row is the job: it is queued in the
 * transaction that marks its recording ready, claimed by one worker at a time for a bounded while
 * (a worker that dies lets its claim run out, and another one takes the job), and retried with a
 * growing pause until its attempts are spent.
 */
public final class TranscriptRepository {
    /** Where a transcript is; {@code running} reads as pending through the API. */
    public enum Status {
        PENDING, RUNNING, DONE, FAILED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One transcript.
     *
     * @param body the engine's result as JSON ({@code text}, {@code segments}), null until done
     */
    public record Transcript(String callId, Status status, int attempts, String language, String body, List<String> flags,
                             String error) {}

    private final Database db;

    TranscriptRepository(Database db) {
        this.db = db;
    }

    static void enqueue(Connection c, String callId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO transcripts (call_id, status, attempts, next_attempt_at,"
                + " updated_at) VALUES (?, 'pending', 0, ?, ?)")) {
            ps.setString(1, callId);
            Jdbc.set(ps, 2, now);
            Jdbc.set(ps, 3, now);
            ps.executeUpdate();
        }
    }

    /**
     * Claims the next due job for {@code worker} until {@code now + lease}: a pending job whose time
     * has come, or a running one whose claim ran out (its worker died).
     *
     * @return the claimed job (its attempts already counted), or empty when none is due
     */
    public Optional<Transcript> claim(String worker, Instant now, Duration lease) {
        for (int tries = 0; tries < 3; tries++) {
            Optional<String> next = db.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT call_id FROM transcripts WHERE (status = 'pending'"
                        + " AND next_attempt_at <= ?) OR (status = 'running' AND claimed_until < ?) ORDER BY next_attempt_at LIMIT 1")) {
                    Jdbc.set(ps, 1, now);
                    Jdbc.set(ps, 2, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                    }
                }
            });
            if (next.isEmpty()) return Optional.empty();
            String id = next.get();
            // The conditional update decides between workers (and instances): only one sees 1 row.
            int n;
            try {
                n = db.transaction(c -> RecordingRepository.update(c, "UPDATE transcripts SET status = 'running',"
                        + " attempts = attempts + 1, claimed_by = ?, claimed_until = ?, updated_at = ? WHERE call_id = ?"
                        + " AND ((status = 'pending' AND next_attempt_at <= ?) OR (status = 'running' AND claimed_until < ?))",
                        worker, now.plus(lease), now, id, now, now));
            } catch (TransientConflict e) {
                n = 0;
            }
            if (n == 1) return find(id);
        }
        return Optional.empty();
    }

    /**
     * Stores the result and, in the same transaction, its {@code transcript.ready} event; false when the
     * job was no longer this worker's (its claim ran out and another took it).
     */
    public boolean done(String callId, String worker, String language, String body, List<String> flags, Instant now) {
        return db.transaction(c -> {
            int n = RecordingRepository.update(c, "UPDATE transcripts SET status = 'done', language = ?,"
                    + " body = ?, flags = ?, error = NULL, claimed_by = NULL, claimed_until = NULL, updated_at = ?"
                    + " WHERE call_id = ? AND status = 'running' AND claimed_by = ?",
                    language, body, flags.isEmpty() ? null : String.join(",", flags), now, callId, worker);
            if (n == 1) RecordingEvents.transcriptReady(c, callId, language, flags, now);
            return n == 1;
        });
    }

    /** Puts the job back in the queue until {@code next}. */
    public void retryAt(String callId, String worker, Instant next, String error, Instant now) {
        db.transaction(c -> RecordingRepository.update(c, "UPDATE transcripts SET status = 'pending', next_attempt_at = ?,"
                + " error = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ? WHERE call_id = ? AND claimed_by = ?",
                next, RecordingRepository.clip(error), now, callId, worker));
    }

    public void failed(String callId, String worker, String error, Instant now) {
        db.transaction(c -> RecordingRepository.update(c, "UPDATE transcripts SET status = 'failed', error = ?,"
                + " claimed_by = NULL, claimed_until = NULL, updated_at = ? WHERE call_id = ? AND claimed_by = ?",
                RecordingRepository.clip(error), now, callId, worker));
    }

    /** Deletes a call's transcript (and its flags); true when there was one. */
    public boolean delete(String callId) {
        return db.transaction(c -> RecordingRepository.update(c, "DELETE FROM transcripts WHERE call_id = ?", callId)) == 1;
    }

    public Optional<Transcript> find(String callId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM transcripts WHERE call_id = ?")) {
                ps.setString(1, callId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    return Optional.of(new Transcript(rs.getString("call_id"),
                            Status.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)), rs.getInt("attempts"),
                            rs.getString("language"), rs.getString("body"), flags(rs.getString("flags")), rs.getString("error")));
                }
            }
        });
    }

    static List<String> flags(String stored) {
        return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
    }
}
