package org.maskline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.maskline.callbacks.Callback;
import org.maskline.callbacks.CallbackStatus;
import org.maskline.callbacks.CallbackStore;
import org.maskline.callbacks.NewCallback;
import org.maskline.webhooks.Outbox;

/**
 * Callback requests in the database: each change of status is one conditional UPDATE, safe across
 * instances, and appends its {@code callback.<status>} event to the webhook outbox in the same
 * transaction (docs/api.md, "Webhooks").
 */
public final class CallbackRepository implements CallbackStore {
    private static final String COLUMNS = "id, session_id, requester, requester_proxy, target, target_proxy, status,"
            + " attempts, created_at, expires_at, next_attempt_at";

    private final Database db;
    private final Clock clock;

    CallbackRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public Callback request(NewCallback r) {
        Instant now = now();
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM callbacks WHERE requester = ?"
                    + " AND target = ? AND status IN ('pending', 'calling') ORDER BY created_at DESC LIMIT 1")) {
                ps.setString(1, r.requester());
                ps.setString(2, r.target());
                List<Callback> open = callbacks(ps);
                if (!open.isEmpty()) return open.getFirst();
            }
            String id = UUID.randomUUID().toString();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO callbacks (id, session_id, requester, requester_proxy,"
                    + " target, target_proxy, status, attempts, created_at, expires_at, next_attempt_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, r.sessionId());
                ps.setString(3, r.requester());
                ps.setString(4, r.requesterProxy());
                ps.setString(5, r.target());
                ps.setString(6, r.targetProxy());
                Jdbc.set(ps, 7, now);
                Jdbc.set(ps, 8, r.expiresAt());
                Jdbc.set(ps, 9, now);
                Jdbc.set(ps, 10, now);
                ps.executeUpdate();
            }
            Callback cb = new Callback(id, r.sessionId(), r.requester(), r.requesterProxy(), r.target(), r.targetProxy(),
                    CallbackStatus.PENDING, 0, now, r.expiresAt(), now);
            event(c, "callback.requested", cb, now);
            return cb;
        });
    }

    @Override
    public Optional<Callback> find(String id) {
        return db.read(c -> find(c, id));
    }

    private static Optional<Callback> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM callbacks WHERE id = ?")) {
            ps.setString(1, id);
            return callbacks(ps).stream().findFirst();
        }
    }

    @Override
    public Page<Callback> page(Optional<CallbackStatus> status, int limit, Optional<PageKey> after) {
        Page.check(limit);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM callbacks WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        status.ifPresent(s -> {
            sql.append(" AND status = ?");
            args.add(s.code());
        });
        NewestFirst.finish(sql, args, "created_at", after, limit);
        List<Callback> rows = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Jdbc.bind(ps, args);
                return callbacks(ps);
            }
        });
        return Page.of(rows, limit, cb -> new PageKey(cb.createdAt(), cb.id()));
    }

    @Override
    public Optional<Callback> cancel(String id) {
        Instant now = now();
        return db.transaction(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE callbacks SET status = 'canceled', updated_at = ?"
                    + " WHERE id = ? AND status IN ('pending', 'calling')")) {
                Jdbc.set(ps, 1, now);
                ps.setString(2, id);
                n = ps.executeUpdate();
            }
            Optional<Callback> cb = find(c, id);
            if (n == 1) statusEvent(c, cb.orElseThrow(), now);
            return cb;
        });
    }

    @Override
    public int sweep(Instant at, int maxAttempts) {
        return db.transaction(c -> {
            int n = 0;
            for (String id : ids(c, "SELECT id FROM callbacks WHERE status = 'pending' AND expires_at <= ?", at)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE callbacks SET status = 'expired', updated_at = ?"
                        + " WHERE id = ? AND status = 'pending'")) {
                    Jdbc.set(ps, 1, at);
                    ps.setString(2, id);
                    if (ps.executeUpdate() == 1) {
                        n++;
                        statusEvent(c, find(c, id).orElseThrow(), at);
                    }
                }
            }
            // An attempt whose instance stopped renewing (it died mid-call) is settled. A call the next
            // instance took over and that was answered is a callback done: never place it twice.
            for (String id : ids(c, "SELECT id FROM callbacks WHERE status = 'calling' AND claimed_until <= ?", at)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE callbacks SET status = CASE WHEN EXISTS (SELECT 1 FROM calls"
                        + " WHERE calls.id = callbacks.last_call_id AND calls.answered_at IS NOT NULL) THEN 'completed'"
                        + " WHEN attempts >= ? THEN 'failed'"
                        + " WHEN expires_at <= ? THEN 'expired' ELSE 'pending' END, claimed_by = NULL, claimed_until = NULL,"
                        + " updated_at = ? WHERE id = ? AND status = 'calling' AND claimed_until <= ?")) {
                    ps.setInt(1, maxAttempts);
                    Jdbc.set(ps, 2, at);
                    Jdbc.set(ps, 3, at);
                    ps.setString(4, id);
                    Jdbc.set(ps, 5, at);
                    if (ps.executeUpdate() == 1) {
                        n++;
                        statusEvent(c, find(c, id).orElseThrow(), at);
                    }
                }
            }
            return n;
        });
    }

    private static List<String> ids(Connection c, String sql, Instant at) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.set(ps, 1, at);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Override
    public List<Callback> due(Instant at, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM callbacks cb WHERE status = 'pending'"
                    + " AND next_attempt_at <= ? AND expires_at > ? AND NOT EXISTS (SELECT 1 FROM participant_availability a"
                    + " WHERE a.number = cb.target AND a.available = FALSE AND (a.until_at IS NULL OR a.until_at > ?))"
                    + " ORDER BY next_attempt_at, id LIMIT " + Math.max(1, limit))) {
                Jdbc.set(ps, 1, at);
                Jdbc.set(ps, 2, at);
                Jdbc.set(ps, 3, at);
                return callbacks(ps);
            }
        });
    }

    @Override
    public boolean claim(String id, String instance, Instant claimUntil, String callId) {
        Instant now = now();
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE callbacks SET status = 'calling', attempts = attempts + 1,"
                    + " claimed_by = ?, claimed_until = ?, last_call_id = ?, updated_at = ? WHERE id = ? AND status = 'pending'")) {
                ps.setString(1, instance);
                Jdbc.set(ps, 2, claimUntil);
                ps.setString(3, callId);
                Jdbc.set(ps, 4, now);
                ps.setString(5, id);
                if (ps.executeUpdate() != 1) return false;
            }
            statusEvent(c, find(c, id).orElseThrow(), now);
            return true;
        });
    }

    @Override
    public void renew(String instance, java.util.Collection<String> ids, Instant claimUntil) {
        if (ids.isEmpty()) return;
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE callbacks SET claimed_until = ?"
                    + " WHERE id = ? AND claimed_by = ? AND status = 'calling'")) {
                for (String id : ids) {
                    Jdbc.set(ps, 1, claimUntil);
                    ps.setString(2, id);
                    ps.setString(3, instance);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<Callback> attemptEnded(String id, boolean connected, int maxAttempts, Instant retryAt) {
        Instant now = now();
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE callbacks SET status = CASE WHEN ? THEN 'completed'"
                    + " WHEN attempts >= ? THEN 'failed' WHEN expires_at <= ? THEN 'expired' ELSE 'pending' END,"
                    + " next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL, updated_at = ?"
                    + " WHERE id = ? AND status = 'calling'")) {
                ps.setBoolean(1, connected);
                ps.setInt(2, maxAttempts);
                Jdbc.set(ps, 3, retryAt);
                Jdbc.set(ps, 4, retryAt);
                Jdbc.set(ps, 5, now);
                ps.setString(6, id);
                if (ps.executeUpdate() == 1) {
                    statusEvent(c, find(c, id).orElseThrow(), now);
                }
            }
            return find(c, id);
        });
    }

    /** {@code callback.<status>}: pending (again, after a failed attempt), calling, completed, failed, expired, canceled. */
    private static void statusEvent(Connection c, Callback cb, Instant at) throws SQLException {
        event(c, "callback." + cb.status().code(), cb, at);
    }

    /** The event's data is the callback as {@code GET /v1/callbacks/{id}} shows it. */
    private static void event(Connection c, String type, Callback cb, Instant at) throws SQLException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", cb.id());
        d.put("sessionId", cb.sessionId());
        d.put("requester", cb.requester());
        d.put("target", cb.target());
        d.put("status", cb.status().code());
        d.put("attempts", cb.attempts());
        d.put("createdAt", cb.createdAt());
        d.put("expiresAt", cb.expiresAt());
        Outbox.append(c, type, cb.sessionId(), d, at);
    }

    private static List<Callback> callbacks(PreparedStatement ps) throws SQLException {
        List<Callback> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Callback(rs.getString("id"), rs.getString("session_id"), rs.getString("requester"),
                        rs.getString("requester_proxy"), rs.getString("target"), rs.getString("target_proxy"),
                        CallbackStatus.fromCode(rs.getString("status")), rs.getInt("attempts"),
                        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "expires_at"), Jdbc.instant(rs, "next_attempt_at")));
            }
        }
        return out;
    }
}
