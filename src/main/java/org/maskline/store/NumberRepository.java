package org.maskline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.maskline.sessions.ConflictException;
import org.maskline.sessions.NumberInUseException;
import org.maskline.sessions.PoolNumber;

/** The proxy pool: adding numbers, listing them with their use, and retiring them by draining. */
public final class NumberRepository {
    /** What retiring a number did. */
    public enum Retirement { REMOVED, DRAINING, NOT_FOUND }

    /** Pool size and use, for metrics. */
    public record PoolStats(long numbers, long active, long inUse) {}

    private final Database db;
    private final Clock clock;

    NumberRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Adds an E.164 number to the pool as active. A draining number becomes active again.
     *
     * @throws ConflictException    when the number is already active in the pool
     * @throws NumberInUseException when the number is a participant of an open session
     */
    public PoolNumber add(String number) {
        return add(number, null, false);
    }

    /**
     * As {@link #add(String)}, into a named pool (null: the default pool). A draining number becomes active
     * again only in the pool it was in; a number of another pool is a conflict.
     *
     * @param reserved a reserved number is never allocated automatically, only when asked for by number
     */
    public PoolNumber add(String number, String pool, boolean reserved) {
        Instant now = now();
        try {
            return db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT DISTINCT session_id FROM routing_keys WHERE participant_number = ? AND expires_at <= ?")) {
                    ps.setString(1, number);
                    Jdbc.set(ps, 2, now);
                    SessionEnding.expireAll(c, SessionEnding.ids(ps), now);
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM routing_keys WHERE participant_number = ? LIMIT 1")) {
                    ps.setString(1, number);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            throw new NumberInUseException(number + " is a participant of an open session");
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE pool_numbers SET status = 'active', reserved = ?"
                        + " WHERE number = ? AND status = 'draining' AND " + (pool == null ? "pool IS NULL" : "pool = ?"))) {
                    ps.setBoolean(1, reserved);
                    ps.setString(2, number);
                    if (pool != null) ps.setString(3, pool);
                    if (ps.executeUpdate() == 1) {
                        return describe(c, number, now);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO pool_numbers (number, status, open_keys, added_at, pool, reserved) VALUES (?, 'active', 0, ?, ?, ?)")) {
                    ps.setString(1, number);
                    Jdbc.set(ps, 2, now);
                    ps.setString(3, pool);
                    ps.setBoolean(4, reserved);
                    ps.executeUpdate();
                }
                return new PoolNumber(number, PoolNumber.Status.ACTIVE, 0);
            });
        } catch (TransientConflict e) {
            throw new ConflictException(number + " is already in the pool");
        }
    }

    /**
     * Marks a number of the given pool reserved or not (issue 17). @return false when the number is not in that pool
     */
    public boolean setReserved(String number, String pool, boolean reserved) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE pool_numbers SET reserved = ? WHERE number = ? AND pool = ?")) {
                ps.setBoolean(1, reserved);
                ps.setString(2, number);
                ps.setString(3, pool);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Every pool number, sorted, with its count of open unexpired sessions. */
    public List<PoolNumber> list() {
        Instant now = now();
        return db.read(c -> {
            List<PoolNumber> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.number, p.status, (SELECT COUNT(DISTINCT k.session_id)"
                    + " FROM routing_keys k WHERE k.proxy_number = p.number AND k.expires_at > ?) AS open_sessions"
                    + " FROM pool_numbers p ORDER BY p.number")) {
                Jdbc.set(ps, 1, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
            }
            return out;
        });
    }

    /** One page of the pool, newest first by (added_at, number), each with its count of open unexpired sessions. */
    public Page<PoolNumber> page(int limit, Optional<PageKey> after) {
        Page.check(limit);
        Instant now = now();
        record Row(PoolNumber number, Instant addedAt) {}
        List<Row> rows = db.read(c -> {
            List<Row> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.number, p.status, (SELECT COUNT(DISTINCT k.session_id)"
                    + " FROM routing_keys k WHERE k.proxy_number = p.number AND k.expires_at > ?) AS open_sessions, p.added_at"
                    + " FROM pool_numbers p" + (after.isPresent() ? " WHERE (p.added_at < ? OR (p.added_at = ? AND p.number < ?))" : "")
                    + " ORDER BY p.added_at DESC, p.number DESC LIMIT " + (limit + 1))) {
                Jdbc.set(ps, 1, now);
                if (after.isPresent()) {
                    Jdbc.set(ps, 2, after.get().at());
                    Jdbc.set(ps, 3, after.get().at());
                    ps.setString(4, after.get().id());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Row(row(rs), Jdbc.instant(rs, "added_at")));
                    }
                }
            }
            return out;
        });
        Page<Row> page = Page.of(rows, limit, r -> new PageKey(r.addedAt(), r.number().number()));
        return new Page<>(page.items().stream().map(Row::number).toList(), page.next());
    }

    /**
     * Retires a number: it gets no new sessions, and leaves the pool as soon as no open session uses it
     * (now, or when its last session closes or expires).
     */
    public Retirement retire(String number) {
        Instant now = now();
        for (int attempt = 0; ; attempt++) {
            try {
                return db.transaction(c -> retireOnce(c, number, now));
            } catch (TransientConflict e) {
                if (attempt + 1 >= SessionRepository.MAX_ATTEMPTS) {
                    throw new ConflictException("retiring " + number + ": concurrent changes won " + SessionRepository.MAX_ATTEMPTS
                            + " times in a row; retry");
                }
            }
        }
    }

    private static Retirement retireOnce(Connection c, String number, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pool_numbers SET status = 'draining' WHERE number = ?")) {
            ps.setString(1, number);
            if (ps.executeUpdate() == 0) {
                return Retirement.NOT_FOUND;
            }
        }
        // Sessions that expired but were not swept yet would otherwise keep the number.
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT session_id FROM routing_keys WHERE proxy_number = ? AND expires_at <= ?")) {
            ps.setString(1, number);
            Jdbc.set(ps, 2, now);
            SessionEnding.expireAll(c, SessionEnding.ids(ps), now);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM pool_numbers WHERE number = ? AND status = 'draining' AND open_keys <= 0")) {
            ps.setString(1, number);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pool_numbers WHERE number = ?")) {
            ps.setString(1, number);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Retirement.DRAINING : Retirement.REMOVED;
            }
        }
    }

    public PoolStats stats() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*),"
                    + " COALESCE(SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END), 0),"
                    + " COALESCE(SUM(CASE WHEN open_keys > 0 THEN 1 ELSE 0 END), 0) FROM pool_numbers");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new PoolStats(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        });
    }

    private static PoolNumber describe(Connection c, String number, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.number, p.status, (SELECT COUNT(DISTINCT k.session_id)"
                + " FROM routing_keys k WHERE k.proxy_number = p.number AND k.expires_at > ?) AS open_sessions"
                + " FROM pool_numbers p WHERE p.number = ?")) {
            Jdbc.set(ps, 1, now);
            ps.setString(2, number);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return row(rs);
            }
        }
    }

    private static PoolNumber row(ResultSet rs) throws SQLException {
        return new PoolNumber(rs.getString(1), PoolNumber.Status.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)), rs.getLong(3));
    }
}
