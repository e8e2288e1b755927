package org.maskline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/** Small JDBC conversions shared by the repositories; the same on H2 and PostgreSQL. */
public final class Jdbc {
    private Jdbc() {}

    /** SQL states (and H2 codes) of a lost race that a retry can win. */
    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40001",  // serialization failure; H2 deadlock
            "40P01",  // PostgreSQL deadlock
            "55P03",  // PostgreSQL lock not available
            "HYT00"); // H2 lock timeout
    private static final int H2_CONCURRENT_UPDATE = 90131;
    private static final int H2_LOCK_TIMEOUT = 50200;

    public static void set(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Binds positional arguments: strings, instants, numbers. */
    static void bind(PreparedStatement ps, java.util.List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Instant t) {
                set(ps, i + 1, t);
            } else if (a instanceof String s) {
                ps.setString(i + 1, s);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    public static boolean isUniqueViolation(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ("23505".equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static boolean isTransient(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ((x.getSQLState() != null && TRANSIENT_STATES.contains(x.getSQLState())) || x.getErrorCode() == H2_CONCURRENT_UPDATE
                    || x.getErrorCode() == H2_LOCK_TIMEOUT) {
                return true;
            }
        }
        return false;
    }
}
