package org.maskline.webhooks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The dispatcher's and the API's statements on the outbox table; the same SQL on H2 and PostgreSQL. */
final class OutboxRows {
    private OutboxRows() {}

    /** A row being delivered. */
    record Pending(long seq, String target, Event event, int attempts, Instant giveUpAt) {}

    private static final String COLUMNS = "seq, id, target, event_type, session_id, created_at, payload, attempts,"
            + " give_up_at, last_error, failed_at";

    /**
     * Claims up to {@code batch} due rows, each the head (lowest pending seq) of its stream and claimed
     * by nobody else, until {@code until}; returns them in seq order. A stream's next row cannot be
     * claimed while its head is pending, so delivery is in order per session whoever claims it.
     */
    static List<Pending> claim(Connection c, String claim, Instant now, Instant until, int batch) throws SQLException {
        // Two statements, not UPDATE ... WHERE seq IN (subquery): H2 re-evaluates such a subquery far
        // more often than once. A head another dispatcher claims in between is skipped by the UPDATE's own test.
        List<Long> heads = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT o.seq FROM webhook_outbox o WHERE o.status = 'pending'"
                + " AND o.next_attempt_at <= ? AND (o.claimed_until IS NULL OR o.claimed_until < ?)"
                + " AND NOT EXISTS (SELECT 1 FROM webhook_outbox p WHERE p.order_key = o.order_key AND p.status = 'pending'"
                + " AND p.seq < o.seq) ORDER BY o.seq LIMIT " + batch)) {
            Outbox.set(ps, 1, now);
            Outbox.set(ps, 2, now);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) heads.add(rs.getLong(1));
            }
        }
        if (heads.isEmpty()) return List.of();
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < heads.size(); i++) in.append(i == 0 ? "?" : ", ?");
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_outbox SET claim = ?, claimed_until = ?"
                + " WHERE seq IN (" + in + ") AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < ?)")) {
            ps.setString(1, claim);
            Outbox.set(ps, 2, until);
            int i = 3;
            for (long h : heads) ps.setLong(i++, h);
            Outbox.set(ps, i, now);
            if (ps.executeUpdate() == 0) return List.of();
        }
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_outbox WHERE claim = ? ORDER BY seq")) {
            ps.setString(1, claim);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pending(rs.getLong("seq"), rs.getString("target"), event(rs), rs.getInt("attempts"),
                            Outbox.instant(rs, "give_up_at")));
                }
            }
        }
        return out;
    }

    /** Delivered: the rows go. Only while this claim holds them (a claim that expired was retaken). */
    static int delivered(Connection c, String claim, Collection<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) return 0;
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < seqs.size(); i++) in.append(i == 0 ? "?" : ", ?");
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_outbox WHERE claim = ? AND seq IN (" + in + ")")) {
            ps.setString(1, claim);
            int i = 2;
            for (long s : seqs) ps.setLong(i++, s);
            return ps.executeUpdate();
        }
    }

    /** Not delivered this time: try again at {@code next}. */
    static void retryLater(Connection c, String claim, long seq, Instant next, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                + " last_error = ?, claim = NULL, claimed_until = NULL WHERE seq = ? AND claim = ?")) {
            Outbox.set(ps, 1, next);
            ps.setString(2, cut(error));
            ps.setLong(3, seq);
            ps.setString(4, claim);
            ps.executeUpdate();
        }
    }

    /** Past its give-up time: listed as failed; its stream goes on with the next event. */
    static void gaveUp(Connection c, String claim, long seq, Instant now, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_outbox SET status = 'failed', attempts = attempts + 1,"
                + " failed_at = ?, last_error = ?, claim = NULL, claimed_until = NULL WHERE seq = ? AND claim = ?")) {
            Outbox.set(ps, 1, now);
            ps.setString(2, cut(error));
            ps.setLong(3, seq);
            ps.setString(4, claim);
            ps.executeUpdate();
        }
    }

    /** Rows waiting for delivery, and rows that gave up. */
    record Depth(long pending, long failed) {}

    static Depth depth(Connection c) throws SQLException {
        long pending = 0;
        long failed = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM webhook_outbox GROUP BY status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if ("pending".equals(rs.getString(1))) pending = rs.getLong(2);
                else if ("failed".equals(rs.getString(1))) failed = rs.getLong(2);
            }
        }
        return new Depth(pending, failed);
    }

    /** Failed events, newest first by (failed_at, id), at most limit + 1 (the extra one says there is more). */
    static List<FailedEvent> failed(Connection c, int limit, Optional<FailedEvents.Key> after) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM webhook_outbox WHERE status = 'failed'"
                + (after.isPresent() ? " AND (failed_at < ? OR (failed_at = ? AND id < ?))" : "")
                + " ORDER BY failed_at DESC, id DESC LIMIT " + (limit + 1);
        List<FailedEvent> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (after.isPresent()) {
                Outbox.set(ps, 1, after.get().failedAt());
                Outbox.set(ps, 2, after.get().failedAt());
                ps.setString(3, after.get().id());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FailedEvent(event(rs), rs.getString("target"), rs.getInt("attempts"),
                            rs.getString("last_error"), Outbox.instant(rs, "failed_at")));
                }
            }
        }
        return out;
    }

    /** A failed event back to pending, due now, with a fresh give-up time. @return false when no such failed event */
    static boolean retry(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_outbox SET status = 'pending', attempts = 0,"
                + " next_attempt_at = ?, give_up_at = ?, failed_at = NULL, claim = NULL, claimed_until = NULL"
                + " WHERE id = ? AND status = 'failed'")) {
            Outbox.set(ps, 1, now);
            Outbox.set(ps, 2, now.plus(Outbox.MAX_AGE));
            ps.setString(3, id);
            return ps.executeUpdate() > 0;
        }
    }

    /** Deletes up to {@code batch} failed rows that failed before the cutoff. @return how many */
    static int purgeFailedBefore(Connection c, Instant cutoff, int batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM webhook_outbox WHERE seq IN (SELECT seq FROM webhook_outbox"
                + " WHERE status = 'failed' AND failed_at < ? ORDER BY seq LIMIT " + batch + ")")) {
            Outbox.set(ps, 1, cutoff);
            return ps.executeUpdate();
        }
    }

    private static Event event(ResultSet rs) throws SQLException {
        return new Event(rs.getString("id"), rs.getString("event_type"), Outbox.instant(rs, "created_at"),
                rs.getString("session_id"), WebhookJson.parse(rs.getString("payload")));
    }

    private static String cut(String s) {
        if (s == null) return null;
        String clean = s.replaceAll("[\\p{Cntrl}]", " ");
        return clean.length() > 300 ? clean.substring(0, 297) + "..." : clean;
    }
}
