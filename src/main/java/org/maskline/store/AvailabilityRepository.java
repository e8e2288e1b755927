package org.maskline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.maskline.sessions.Availability;

/** Participants' availability (a driver on or off shift): one row per real number that was ever marked. */
public final class AvailabilityRepository {
    private final Database db;
    private final Clock clock;

    AvailabilityRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Sets a participant's availability; the last write wins. @return what is stored now */
    public Availability set(String number, boolean available, Instant until) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Availability a = new Availability(number, available, until, now);
        for (int attempt = 0; ; attempt++) {
            try {
                write(a);
                return a;
            } catch (TransientConflict e) {
                if (attempt >= 2) throw e;
            }
        }
    }

    private void write(Availability a) {
        String number = a.number();
        boolean available = a.available();
        Instant until = a.until();
        Instant now = a.updatedAt();
        db.transaction(c -> {
            int n;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE participant_availability SET available = ?, until_at = ?, updated_at = ? WHERE number = ?")) {
                ps.setBoolean(1, available);
                Jdbc.set(ps, 2, until);
                Jdbc.set(ps, 3, now);
                ps.setString(4, number);
                n = ps.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO participant_availability"
                        + " (number, available, until_at, updated_at) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, number);
                    ps.setBoolean(2, available);
                    Jdbc.set(ps, 3, until);
                    Jdbc.set(ps, 4, now);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    // Two first writes raced: the other one inserted; this one is the later write.
                    if (!Jdbc.isUniqueViolation(e)) throw e;
                    throw new TransientConflict("availability of a number was first written concurrently", e);
                }
            }
            return null;
        });
    }

    /** The stored availability; a number never marked is available. */
    public Availability get(String number) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT available, until_at, updated_at FROM participant_availability WHERE number = ?")) {
                ps.setString(1, number);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return new Availability(number, true, null, null);
                    return new Availability(number, rs.getBoolean(1), Jdbc.instant(rs, "until_at"), Jdbc.instant(rs, "updated_at"));
                }
            }
        });
    }

    static boolean availableAt(Connection c, String number, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT available, until_at FROM participant_availability WHERE number = ?")) {
            ps.setString(1, number);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return true;
                Instant until = Jdbc.instant(rs, "until_at");
                return rs.getBoolean(1) || (until != null && !now.isBefore(until));
            }
        }
    }

}
