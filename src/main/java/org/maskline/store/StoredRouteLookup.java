package org.maskline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;
import org.maskline.sessions.Route;
import org.maskline.sessions.RouteLookup;
import org.maskline.sessions.SessionMode;

/** Routes a call with one primary-key look-up of its routing key; expired keys never match, swept or not. */
final class StoredRouteLookup implements RouteLookup {
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
}
