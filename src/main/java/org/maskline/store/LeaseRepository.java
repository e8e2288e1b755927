package org.maskline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.maskline.cluster.Leases;

/**
 * The {@code ari_leases} table (see V3__ari_leases.sql). Each change is one conditional statement
 * evaluated by the database against its own clock: under READ COMMITTED a second taker of an expired
 * row waits for the first one's row lock and then re-checks the condition against the row the first
 * one wrote, so two takers can never both succeed.
 */
public final class LeaseRepository implements Leases {
    /** Who holds a lease now, by the database's clock. */
    public record Holder(String holder, long epoch, boolean valid) {}

    private final Database db;

    LeaseRepository(Database db) {
        this.db = db;
    }

    /** {@code CURRENT_TIMESTAMP + ms} in this database's dialect. */
    private String expiry() {
        return db.vendor() == Database.Vendor.POSTGRESQL
                ? "CURRENT_TIMESTAMP + make_interval(secs => ?)"
                : "DATEADD(MILLISECOND, ?, CURRENT_TIMESTAMP)";
    }

    private void bindLease(PreparedStatement ps, int index, Duration lease) throws SQLException {
        if (db.vendor() == Database.Vendor.POSTGRESQL) {
            ps.setDouble(index, lease.toMillis() / 1000.0);
        } else {
            ps.setLong(index, lease.toMillis());
        }
    }

    @Override
    public OptionalLong acquire(String app, String node, String holder, Duration lease) {
        try {
            return db.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE ari_leases SET holder = ?, epoch = epoch + 1, expires_at = "
                        + expiry() + " WHERE app = ? AND node = ? AND (expires_at <= CURRENT_TIMESTAMP OR holder = ?)")) {
                    timeout(ps, lease);
                    ps.setString(1, holder);
                    bindLease(ps, 2, lease);
                    ps.setString(3, app);
                    ps.setString(4, node);
                    ps.setString(5, holder);
                    if (ps.executeUpdate() == 1) {
                        return OptionalLong.of(epochOf(c, app, node));
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ari_leases (app, node, holder, epoch, expires_at) "
                        + "SELECT ?, ?, ?, 1, " + expiry() + " WHERE NOT EXISTS (SELECT 1 FROM ari_leases WHERE app = ? AND node = ?)")) {
                    timeout(ps, lease);
                    ps.setString(1, app);
                    ps.setString(2, node);
                    ps.setString(3, holder);
                    bindLease(ps, 4, lease);
                    ps.setString(5, app);
                    ps.setString(6, node);
                    return ps.executeUpdate() == 1 ? OptionalLong.of(1) : OptionalLong.empty();
                }
            });
        } catch (TransientConflict e) {
            // Another instance inserted the first row at the same moment: it holds the lease.
            return OptionalLong.empty();
        }
    }

    private static long epochOf(Connection c, String app, String node) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM ari_leases WHERE app = ? AND node = ?")) {
            ps.setString(1, app);
            ps.setString(2, node);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public boolean renew(String app, String node, String holder, long epoch, Duration lease) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ari_leases SET expires_at = " + expiry()
                    + " WHERE app = ? AND node = ? AND holder = ? AND epoch = ? AND expires_at > CURRENT_TIMESTAMP")) {
                timeout(ps, lease);
                bindLease(ps, 1, lease);
                ps.setString(2, app);
                ps.setString(3, node);
                ps.setString(4, holder);
                ps.setLong(5, epoch);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void release(String app, String node, String holder, long epoch) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE ari_leases SET expires_at = CURRENT_TIMESTAMP"
                    + " WHERE app = ? AND node = ? AND holder = ? AND epoch = ?")) {
                ps.setQueryTimeout(2);
                ps.setString(1, app);
                ps.setString(2, node);
                ps.setString(3, holder);
                ps.setLong(4, epoch);
                return ps.executeUpdate();
            }
        });
    }

    /** The current holder of (app, node), if any row exists. */
    public Optional<Holder> current(String app, String node) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT holder, epoch, expires_at > CURRENT_TIMESTAMP AS valid"
                    + " FROM ari_leases WHERE app = ? AND node = ?")) {
                ps.setString(1, app);
                ps.setString(2, node);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Holder(rs.getString(1), rs.getLong(2), rs.getBoolean(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /** A statement that cannot answer within a third of the lease is of no use to the lease. */
    private static void timeout(PreparedStatement ps, Duration lease) throws SQLException {
        ps.setQueryTimeout((int) Math.max(1, lease.toSeconds() / 3));
    }
}
