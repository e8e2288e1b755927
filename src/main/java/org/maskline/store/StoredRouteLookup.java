package org.maskline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.maskline.sessions.Route;
import org.maskline.sessions.RouteLookup;
import org.maskline.sessions.SessionMode;

/** Routes a call with one primary-key look-up of its routing key; expired keys never match, swept or not. */
final class StoredRouteLookup implements RouteLookup {
    /** Ended sessions looked at for a recontact window, newest first: far more than one caller ever has in a window. */
    private static final int RECONTACT_CANDIDATES = 20;

    private final Database db;
    private final Clock clock;

    StoredRouteLookup(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Optional<Route> findRoute(String callerE164, String dialedE164) {
        var now = clock.instant();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT session_id, counterpart_number, counterpart_proxy, mode"
                    + " FROM routing_keys WHERE participant_number = ? AND proxy_number = ? AND expires_at > ?")) {
                ps.setString(1, callerE164);
                ps.setString(2, dialedE164);
                Jdbc.set(ps, 3, now);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Route(rs.getString(1), callerE164, dialedE164, rs.getString(2), rs.getString(3),
                            SessionMode.fromCode(rs.getString(4))));
                }
            }
        });
    }

    @Override
    public boolean isServiceNumber(String e164) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pool_numbers WHERE number = ?")) {
                ps.setString(1, e164);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public Optional<Route> findRecontact(String callerE164, String dialedE164) {
        return recontactRoutes(callerE164).stream().filter(r -> r.callerProxy().equals(dialedE164)).findFirst();
    }

    @Override
    public CallerRoutes findByCaller(String callerE164) {
        Instant now = clock.instant();
        List<Route> open = db.read(c -> {
            List<Route> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT session_id, proxy_number, counterpart_number, counterpart_proxy"
                    + " FROM routing_keys WHERE participant_number = ? AND expires_at > ?")) {
                ps.setString(1, callerE164);
                Jdbc.set(ps, 2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Route(rs.getString(1), callerE164, rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return out;
        });
        return new CallerRoutes(open, recontactRoutes(callerE164));
    }

    /**
     * The caller's ended sessions whose window is open now, newest first. A session ends at its close, or
     * at its expiry when that came first (the sweeper marks an expired session later than it expired).
     */
    private List<Route> recontactRoutes(String caller) {
        Instant now = clock.instant();
        return db.read(c -> {
            List<Object[]> rows = new ArrayList<>();
            // One query per position, each on its own index: an OR of the two is a full scan on H2.
            for (String side : new String[] {"a", "b"}) {
                String other = side.equals("a") ? "b" : "a";
                try (PreparedStatement ps = c.prepareStatement("SELECT id, proxy_" + side + ", number_" + other + ", proxy_" + other
                        + ", created_at, expires_at, ended_at, recontact_seconds FROM sessions WHERE number_" + side + " = ?"
                        + " AND recontact_seconds > 0 AND (status <> 'open' OR expires_at <= ?)"
                        + " ORDER BY created_at DESC LIMIT " + RECONTACT_CANDIDATES)) {
                    ps.setString(1, caller);
                    Jdbc.set(ps, 2, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (!inWindow(rs, now)) continue;
                            rows.add(new Object[] {Jdbc.instant(rs, "created_at"),
                                    new Route(rs.getString(1), caller, rs.getString(2), rs.getString(3), rs.getString(4))});
                        }
                    }
                }
            }
            rows.sort((x, y) -> ((Instant) y[0]).compareTo((Instant) x[0]));
            List<Route> out = new ArrayList<>();
            for (Object[] r : rows) out.add((Route) r[1]);
            return out;
        });
    }

    private static boolean inWindow(ResultSet rs, Instant now) throws SQLException {
        Instant expires = Jdbc.instant(rs, "expires_at");
        Instant ended = Jdbc.instant(rs, "ended_at");
        Instant end = ended == null || ended.isAfter(expires) ? expires : ended;
        return now.isBefore(end.plusSeconds(rs.getInt("recontact_seconds")));
    }

    @Override
    public boolean isAvailable(String e164) {
        Instant now = clock.instant();
        return db.read(c -> AvailabilityRepository.availableAt(c, e164, now));
    }
}
