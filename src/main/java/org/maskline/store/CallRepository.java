package org.maskline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The call log: written by the call flow, read by the API. */
public final class CallRepository implements CallLog {
    public static final int MAX_RESULTS = 1000;

    private static final String COLUMNS =
            "id, session_id, caller, callee, proxy_number, started_at, answered_at, ended_at, outcome, hangup_cause,"
            + " menu_choice, callback_id";

    private final Database db;

    CallRepository(Database db) {
        this.db = db;
    }

    private final java.util.List<CallEventListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Runs {@code l} in the transaction of every call-log change, after its webhook event (issue 17). */
    public void listen(CallEventListener l) {
        listeners.add(l);
    }

    private void event(java.sql.Connection c, String type, String callId, Instant at) throws SQLException {
        CallRecord r = LifecycleEvents.call(c, type, callId, at);
        if (r != null) {
            for (CallEventListener l : listeners) {
                l.changed(c, type, r, at);
            }
        }
    }

    @Override
    public void started(CallRecord r) {
        started(r, null);
    }

    @Override
    public void started(CallRecord r, String node) {
        rejectingBadRows(() -> {
            try {
                db.transaction(c -> {
                    insert(c, r, node);
                    event(c, LifecycleEvents.CALL_STARTED, r.id(), r.startedAt());
                    return null;
                });
            } catch (TransientConflict e) {
                // Already recorded (a retried event after a reconnect): the first record stands.
            }
        });
    }

    @Override
    public void answered(String id, Instant at) {
        rejectingBadRows(() -> db.transaction(c -> {
            // Written once: the first answer time stands (a takeover only writes it when none is stored).
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE calls SET answered_at = ? WHERE id = ? AND ended_at IS NULL AND answered_at IS NULL")) {
                Jdbc.set(ps, 1, at);
                ps.setString(2, id);
                if (ps.executeUpdate() == 0) return 0;
            }
            event(c, LifecycleEvents.CALL_ANSWERED, id, at);
            return 1;
        }));
    }

    @Override
    public void finished(CallRecord r) {
        finished(r, null);
    }

    @Override
    public void finished(CallRecord r, String node) {
        rejectingBadRows(() -> finishedOnce(r, node));
    }

    private void finishedOnce(CallRecord r, String node) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                db.transaction(c -> {
                    // What the row said before, so that the events say exactly what this write changes:
                    // a row written whole after an outage (its start and answer never landed) gets them all.
                    boolean exists = false;
                    boolean wasAnswered = false;
                    boolean wasEnded = false;
                    try (PreparedStatement ps = c.prepareStatement("SELECT answered_at, ended_at FROM calls WHERE id = ? FOR UPDATE")) {
                        ps.setString(1, r.id());
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                exists = true;
                                wasAnswered = rs.getObject(1) != null;
                                wasEnded = rs.getObject(2) != null;
                            }
                        }
                    }
                    if (exists) {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE calls SET answered_at = ?, ended_at = ?, outcome = ?,"
                                + " hangup_cause = ?, session_id = COALESCE(session_id, ?), callee = COALESCE(callee, ?),"
                                + " menu_choice = COALESCE(?, menu_choice), callback_id = COALESCE(callback_id, ?) WHERE id = ?")) {
                            Jdbc.set(ps, 1, r.answeredAt());
                            Jdbc.set(ps, 2, r.endedAt());
                            ps.setString(3, r.outcome() == null ? null : r.outcome().code());
                            ps.setString(4, r.hangupCause());
                            ps.setString(5, r.sessionId());
                            ps.setString(6, r.callee());
                            ps.setString(7, r.menuChoice());
                            ps.setString(8, r.callbackId());
                            ps.setString(9, r.id());
                            ps.executeUpdate();
                        }
                    } else {
                        insert(c, r, node);
                        event(c, LifecycleEvents.CALL_STARTED, r.id(), r.startedAt());
                    }
                    if (!wasAnswered && r.answeredAt() != null) {
                        event(c, LifecycleEvents.CALL_ANSWERED, r.id(), r.answeredAt());
                    }
                    if (!wasEnded && r.endedAt() != null) {
                        event(c, LifecycleEvents.CALL_COMPLETED, r.id(), r.endedAt());
                    }
                    return null;
                });
                return;
            } catch (TransientConflict e) {
                // started() inserted it concurrently: the update will find it now.
            }
        }
    }

    @Override
    public void finishedIfOpen(CallRecord r) {
        rejectingBadRows(() -> db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE calls SET answered_at = ?, ended_at = ?, outcome = ?,"
                    + " hangup_cause = ? WHERE id = ? AND ended_at IS NULL")) {
                Jdbc.set(ps, 1, r.answeredAt());
                Jdbc.set(ps, 2, r.endedAt());
                ps.setString(3, r.outcome() == null ? null : r.outcome().code());
                ps.setString(4, r.hangupCause());
                ps.setString(5, r.id());
                if (ps.executeUpdate() == 0) return 0;
            }
            event(c, LifecycleEvents.CALL_COMPLETED, r.id(), r.endedAt());
            return 1;
        }));
    }

    @Override
    public List<CallRecord> openCalls(String node, int limit) {
        int n = Math.min(Math.max(limit, 1), MAX_RESULTS);
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM calls WHERE node = ? AND ended_at IS NULL"
                    + " ORDER BY started_at LIMIT " + n)) {
                ps.setString(1, node);
                return calls(ps);
            }
        });
    }

    /**
     * A data or constraint error (SQLSTATE class 22 or 23) means this row can never be written;
     * anything else (no connection, a timeout) is an outage and worth retrying.
     */
    private static void rejectingBadRows(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                    throw new RowRejected(sql.getSQLState() + ": " + sql.getMessage(), e);
                }
            }
            throw e;
        }
    }

    private static Void insert(Connection c, CallRecord r, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO calls (" + COLUMNS + ", node) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.id());
            ps.setString(2, r.sessionId());
            ps.setString(3, r.caller());
            ps.setString(4, r.callee());
            ps.setString(5, r.proxyNumber());
            Jdbc.set(ps, 6, r.startedAt());
            Jdbc.set(ps, 7, r.answeredAt());
            Jdbc.set(ps, 8, r.endedAt());
            ps.setString(9, r.outcome() == null ? null : r.outcome().code());
            ps.setString(10, r.hangupCause());
            ps.setString(11, r.menuChoice());
            ps.setString(12, r.callbackId());
            ps.setString(13, node);
            ps.executeUpdate();
        }
        return null;
    }

    public Optional<CallRecord> find(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM calls WHERE id = ?")) {
                ps.setString(1, id);
                return calls(ps).stream().findFirst();
            }
        });
    }

    /** Calls of one session, oldest first, at most {@link #MAX_RESULTS} (the API pages with {@link #page}). */
    public List<CallRecord> forSession(String sessionId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM calls WHERE session_id = ?"
                    + " ORDER BY started_at LIMIT " + MAX_RESULTS)) {
                ps.setString(1, sessionId);
                return calls(ps);
            }
        });
    }

    /**
     * Calls started at or after {@code since} (all when empty), of one outcome (any when empty), oldest first, at most
     * {@code limit}. The API pages newest first with {@link #page}.
     */
    public List<CallRecord> search(Optional<Instant> since, Optional<CallOutcome> outcome, int limit) {
        int n = Math.min(Math.max(limit, 1), MAX_RESULTS);
        return db.read(c -> {
            String sql = "SELECT " + COLUMNS + " FROM calls WHERE started_at >= ?"
                    + (outcome.isPresent() ? " AND outcome = ?" : "") + " ORDER BY started_at LIMIT " + n;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Jdbc.set(ps, 1, since.orElse(Instant.EPOCH));
                if (outcome.isPresent()) {
                    ps.setString(2, outcome.get().code());
                }
                return calls(ps);
            }
        });
    }

    /**
     * What {@link #page} lists; each part optional.
     *
     * @param since   only calls started at or after this instant
     * @param flagged only calls whose transcript holds a QA keyword (issue 15)
     */
    public record Query(Optional<String> sessionId, Optional<Instant> since, Optional<CallOutcome> outcome, boolean flagged) {
        public Query(Optional<String> sessionId, Optional<Instant> since, Optional<CallOutcome> outcome) {
            this(sessionId, since, outcome, false);
        }

        public static Query all() {
            return new Query(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * One page of calls, newest first by (started_at, id).
     *
     * @param after where the previous page ended; empty for the first page
     */
    public Page<CallRecord> page(Query query, int limit, Optional<PageKey> after) {
        Page.check(limit);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM calls WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        query.sessionId().ifPresent(id -> {
            sql.append(" AND session_id = ?");
            args.add(id);
        });
        query.since().ifPresent(t -> {
            sql.append(" AND started_at >= ?");
            args.add(t);
        });
        query.outcome().ifPresent(o -> {
            sql.append(" AND outcome = ?");
            args.add(o.code());
        });
        if (query.flagged()) {
            sql.append(" AND id IN (SELECT call_id FROM transcripts WHERE flags IS NOT NULL)");
        }
        NewestFirst.finish(sql, args, "started_at", after, limit);
        List<CallRecord> rows = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Jdbc.bind(ps, args);
                return calls(ps);
            }
        });
        return Page.of(rows, limit, r -> new PageKey(r.startedAt(), r.id()));
    }

    /** Deletes one call's record (Twilio's interaction delete, issue 17). @return false when there was none */
    public boolean delete(String id) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM calls WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Deletes up to {@code batch} calls started before the cutoff, oldest first, in one short transaction. @return how many */
    public int purgeStartedBefore(Instant cutoff, int batch) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM calls WHERE id IN (SELECT id FROM calls"
                    + " WHERE started_at < ? ORDER BY started_at LIMIT " + batch + ")")) {
                Jdbc.set(ps, 1, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    private static List<CallRecord> calls(PreparedStatement ps) throws SQLException {
        List<CallRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String outcome = rs.getString("outcome");
                out.add(new CallRecord(rs.getString("id"), rs.getString("session_id"), rs.getString("caller"),
                        rs.getString("callee"), rs.getString("proxy_number"), Jdbc.instant(rs, "started_at"),
                        Jdbc.instant(rs, "answered_at"), Jdbc.instant(rs, "ended_at"),
                        outcome == null ? null : CallOutcome.fromCode(outcome), rs.getString("hangup_cause"),
                        rs.getString("menu_choice"), rs.getString("callback_id")));
            }
        }
        return out;
    }
}
