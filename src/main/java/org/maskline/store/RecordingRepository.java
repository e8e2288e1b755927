package org.maskline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The recordings of calls and what a call row shows of them (issue 15). A row is written before
 * Asterisk is asked to record, so the recording is collected even when the Maskline that started it
 * is gone by the time the call ends.
 */
public final class RecordingRepository {
    /** Where a recording is. */
    public enum Status {
        /** Asterisk is recording, or has a finished recording Maskline has not collected yet. */
        RECORDING,
        /** In Maskline's storage folder. */
        READY,
        /** Nothing could be collected. */
        FAILED,
        /** Removed through the API (or purged); the row stays for the call log until the call goes. */
        DELETED;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Status of(String code) {
            return valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** One recording. {@code durationMs} and {@code bytes} are known once it is ready. */
    public record Recording(String callId, Status status, Instant startedAt, Long durationMs, Long bytes, int attempts) {}

    /** What a call row shows: the recording (or null) and the QA flags of its transcript (empty when none). */
    public record Summary(Recording recording, List<String> flags) {}

    private final Database db;

    RecordingRepository(Database db) {
        this.db = db;
    }

    /** Whether the session's calls are recorded; false for an unknown session. */
    public boolean sessionRecords(String sessionId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT record FROM sessions WHERE id = ?")) {
                ps.setString(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    /**
     * Notes that the call is being recorded, before Asterisk is asked to.
     *
     * @return false when a row exists already (the call was taken over: its recording runs on)
     */
    public boolean begin(String callId, Instant now) {
        try {
            return db.transaction(c -> {
                if (find(c, callId).isPresent()) return false;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO recordings (call_id, status, started_at, attempts,"
                        + " next_attempt_at) VALUES (?, 'recording', ?, 0, ?)")) {
                    ps.setString(1, callId);
                    Jdbc.set(ps, 2, now);
                    Jdbc.set(ps, 3, now);
                    ps.executeUpdate();
                }
                return true;
            });
        } catch (TransientConflict e) {
            return false; // inserted concurrently: someone else records it
        }
    }

    /** Recordings to collect now: still marked recording, their call ended, their next attempt due. */
    public List<String> due(Instant now, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.call_id FROM recordings r JOIN calls k ON k.id = r.call_id"
                    + " WHERE r.status = 'recording' AND r.next_attempt_at <= ? AND k.ended_at IS NOT NULL"
                    + " ORDER BY r.next_attempt_at LIMIT " + Math.max(1, Math.min(limit, 1000)))) {
                Jdbc.set(ps, 1, now);
                return ids(ps);
            }
        });
    }

    /** Puts off the next attempt to collect a recording. */
    public void retryAt(String callId, int attempts, Instant next, String error) {
        db.transaction(c -> update(c, "UPDATE recordings SET attempts = ?, next_attempt_at = ?, error = ? WHERE call_id = ?"
                + " AND status = 'recording'", attempts, next, clip(error), callId));
    }

    /**
     * The recording is in the storage folder; in the same transaction, its transcription is queued
     * (when {@code transcribe}) and its {@code recording.ready} event written, so that a crash never
     * leaves one without the others.
     *
     * @return false when the row was no longer being collected (deleted meanwhile)
     */
    public boolean ready(String callId, long durationMs, long bytes, boolean transcribe, Instant now) {
        return db.transaction(c -> {
            int n = update(c, "UPDATE recordings SET status = 'ready', duration_ms = ?, bytes = ?, error = NULL"
                    + " WHERE call_id = ? AND status = 'recording'", durationMs, bytes, callId);
            if (n == 1) {
                if (transcribe) TranscriptRepository.enqueue(c, callId, now);
                RecordingEvents.recordingReady(c, callId, durationMs, now); // webhooks (issue 16's outbox)
            }
            return n == 1;
        });
    }

    public void failed(String callId, String error) {
        db.transaction(c -> update(c, "UPDATE recordings SET status = 'failed', error = ? WHERE call_id = ?"
                + " AND status = 'recording'", clip(error), callId));
    }

    /** Marks the recording deleted (the file is removed by the caller); false when there was none to delete. */
    public boolean markDeleted(String callId) {
        return db.transaction(c -> update(c, "UPDATE recordings SET status = 'deleted', bytes = NULL WHERE call_id = ?"
                + " AND status <> 'deleted'", callId)) == 1;
    }

    public Optional<Recording> find(String callId) {
        return db.read(c -> find(c, callId));
    }

    /** The recording and QA flags of each of these calls that has any. */
    public Map<String, Summary> summaries(Collection<String> callIds) {
        Map<String, Summary> out = new HashMap<>();
        if (callIds.isEmpty()) return out;
        String marks = String.join(", ", java.util.Collections.nCopies(callIds.size(), "?"));
        List<Object> args = new ArrayList<>(callIds);
        db.read(c -> {
            Map<String, Recording> recs = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM recordings WHERE call_id IN (" + marks + ")")) {
                Jdbc.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) recs.put(rs.getString("call_id"), recording(rs));
                }
            }
            Map<String, List<String>> flags = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT call_id, flags FROM transcripts WHERE flags IS NOT NULL"
                    + " AND call_id IN (" + marks + ")")) {
                Jdbc.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) flags.put(rs.getString(1), TranscriptRepository.flags(rs.getString(2)));
                }
            }
            for (String id : callIds) {
                if (recs.containsKey(id) || flags.containsKey(id)) {
                    out.put(id, new Summary(recs.get(id), flags.getOrDefault(id, List.of())));
                }
            }
            return null;
        });
        return out;
    }

    /**
     * Recordings whose file must go: ready ones started before the cutoff, and any started before
     * {@code orphanedBefore} whose call row is gone (purged with the call log). A younger row may
     * belong to a call whose row is still queued for the database.
     */
    public List<String> expired(Instant cutoff, Instant orphanedBefore, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.call_id FROM recordings r WHERE (r.status = 'ready'"
                    + " AND r.started_at < ?) OR (r.status IN ('ready', 'recording') AND r.started_at < ? AND NOT EXISTS (SELECT 1 FROM calls k WHERE k.id = r.call_id))"
                    + " ORDER BY r.started_at LIMIT " + Math.max(1, Math.min(limit, 1000)))) {
                Jdbc.set(ps, 1, cutoff);
                Jdbc.set(ps, 2, orphanedBefore);
                return ids(ps);
            }
        });
    }

    /** Removes the rows (recording and transcript) of calls whose call row is gone. @return how many */
    public int purgeOrphans(int batch) {
        return db.transaction(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM transcripts WHERE call_id IN (SELECT t.call_id FROM"
                    + " transcripts t WHERE NOT EXISTS (SELECT 1 FROM calls k WHERE k.id = t.call_id) LIMIT " + batch + ")")) {
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM recordings WHERE call_id IN (SELECT r.call_id FROM"
                    + " recordings r WHERE r.status IN ('deleted', 'failed') AND NOT EXISTS (SELECT 1 FROM calls k"
                    + " WHERE k.id = r.call_id) LIMIT " + batch + ")")) {
                n += ps.executeUpdate();
            }
            return n;
        });
    }

    private static Optional<Recording> find(Connection c, String callId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM recordings WHERE call_id = ?")) {
            ps.setString(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(recording(rs)) : Optional.empty();
            }
        }
    }

    private static Recording recording(ResultSet rs) throws SQLException {
        long d = rs.getLong("duration_ms");
        Long duration = rs.wasNull() ? null : d;
        long b = rs.getLong("bytes");
        Long bytes = rs.wasNull() ? null : b;
        return new Recording(rs.getString("call_id"), Status.of(rs.getString("status")), Jdbc.instant(rs, "started_at"),
                duration, bytes, rs.getInt("attempts"));
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, java.util.Arrays.asList(args));
            return ps.executeUpdate();
        }
    }

    private static List<String> ids(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static String clip(String s) {
        if (s == null) return null;
        String t = s.replaceAll("\\p{Cntrl}", " ");
        return t.length() > 200 ? t.substring(0, 200) : t;
    }
}
