package org.maskline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ends sessions inside a caller's transaction: marks the row, then releases its routing keys, its
 * reference and its share of each pool number's load. Every path that ends a session (close, the
 * sweeper, and the lazy expiry done before an allocation) goes through here, so the load counters
 * cannot drift from the keys.
 */
final class SessionEnding {
    private SessionEnding() {}

    /** Closes an open, unexpired session. @return false when it was not open (or already expired) */
    static boolean close(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET status = 'closed', ended_at = ? WHERE id = ? AND status = 'open' AND expires_at > ?")) {
            Jdbc.set(ps, 1, now);
            ps.setString(2, id);
            Jdbc.set(ps, 3, now);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        release(c, id);
        LifecycleEvents.ended(c, id, LifecycleEvents.SESSION_CLOSED, now);
        return true;
    }

    /** Marks an open session whose expiry has passed as expired. @return false when it was not such a session */
    static boolean expire(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET status = 'expired', ended_at = expires_at WHERE id = ? AND status = 'open' AND expires_at <= ?")) {
            ps.setString(1, id);
            Jdbc.set(ps, 2, now);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        release(c, id);
        LifecycleEvents.ended(c, id, LifecycleEvents.SESSION_EXPIRED, now);
        return true;
    }

    /** Expires the due sessions among those listed by a query whose parameters are set by binder. */
    static int expireAll(Connection c, List<String> ids, Instant now) throws SQLException {
        int n = 0;
        for (String id : ids) {
            if (expire(c, id, now)) {
                n++;
            }
        }
        return n;
    }

    static List<String> ids(PreparedStatement ps) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static void release(Connection c, String id) throws SQLException {
        Map<String, Integer> perProxy = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT proxy_number FROM routing_keys WHERE session_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    perProxy.merge(rs.getString(1), 1, Integer::sum);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM routing_keys WHERE session_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM open_references WHERE session_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        // Sorted (TreeMap) so that concurrent transactions lock pool rows in the same order.
        for (Map.Entry<String, Integer> e : perProxy.entrySet()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE pool_numbers SET open_keys = open_keys - ? WHERE number = ?")) {
                ps.setInt(1, e.getValue());
                ps.setString(2, e.getKey());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM pool_numbers WHERE number = ? AND status = 'draining' AND open_keys <= 0")) {
                ps.setString(1, e.getKey());
                ps.executeUpdate();
            }
        }
    }
}
