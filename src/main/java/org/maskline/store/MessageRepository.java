package org.maskline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The message log: one row per message relayed, failed or rejected; paged newest first like the call log. */
public final class MessageRepository {
    private static final String COLUMNS = "id, session_id, sender, recipient, proxy_number, direction, status, reason,"
            + " created_at, body_length, body";

    private final Database db;

    MessageRepository(Database db) {
        this.db = db;
    }

    private final java.util.List<MessageEventListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Runs {@code l} in the transaction that logs each message (not rate-limited refusals), after its webhook event. */
    public void listen(MessageEventListener l) {
        listeners.add(l);
    }

    /** Writes one row, and its webhook event in the same transaction; committed when this returns. */
    public void add(MessageRecord m) {
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, m.id());
                ps.setString(2, m.sessionId());
                ps.setString(3, m.from());
                ps.setString(4, m.to());
                ps.setString(5, m.proxyNumber());
                ps.setString(6, m.direction().code());
                ps.setString(7, m.status().code());
                ps.setString(8, m.reason());
                Jdbc.set(ps, 9, m.createdAt());
                ps.setInt(10, m.bodyLength());
                ps.setString(11, m.body());
                ps.executeUpdate();
            }
            MessageEvents.append(c, m);
            if (!"rate_limited".equals(m.reason())) {
                for (MessageEventListener l : listeners) {
                    l.added(c, m);
                }
            }
            return null;
        });
    }

    public Optional<MessageRecord> find(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM messages WHERE id = ?")) {
                ps.setString(1, id);
                return messages(ps).stream().findFirst();
            }
        });
    }

    /**
     * What {@link #page} lists; each part optional.
     *
     * @param since only messages created at or after this instant
     */
    public record Query(Optional<String> sessionId, Optional<Instant> since, Optional<MessageStatus> status) {
        public static Query all() {
            return new Query(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * One page of messages, newest first by (created_at, id).
     *
     * @param after where the previous page ended; empty for the first page
     */
    public Page<MessageRecord> page(Query query, int limit, Optional<PageKey> after) {
        Page.check(limit);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM messages WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        query.sessionId().ifPresent(id -> {
            sql.append(" AND session_id = ?");
            args.add(id);
        });
        query.since().ifPresent(t -> {
            sql.append(" AND created_at >= ?");
            args.add(t);
        });
        query.status().ifPresent(s -> {
            sql.append(" AND status = ?");
            args.add(s.code());
        });
        NewestFirst.finish(sql, args, "created_at", after, limit);
        List<MessageRecord> rows = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Jdbc.bind(ps, args);
                return messages(ps);
            }
        });
        return Page.of(rows, limit, m -> new PageKey(m.createdAt(), m.id()));
    }

    /** Deletes one message's record (Twilio's interaction delete, issue 17). @return false when there was none */
    public boolean delete(String id) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM messages WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Deletes up to {@code batch} messages created before the cutoff, oldest first, in one short transaction. @return how many */
    public int purgeCreatedBefore(Instant cutoff, int batch) {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM messages WHERE id IN (SELECT id FROM messages"
                    + " WHERE created_at < ? ORDER BY created_at LIMIT " + batch + ")")) {
                Jdbc.set(ps, 1, cutoff);
                return ps.executeUpdate();
            }
        });
    }

    private static List<MessageRecord> messages(PreparedStatement ps) throws SQLException {
        List<MessageRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new MessageRecord(rs.getString("id"), rs.getString("session_id"), rs.getString("sender"),
                        rs.getString("recipient"), rs.getString("proxy_number"),
                        MessageDirection.fromCode(rs.getString("direction")), MessageStatus.fromCode(rs.getString("status")),
                        rs.getString("reason"), Jdbc.instant(rs, "created_at"), rs.getInt("body_length"), rs.getString("body")));
            }
        }
        return out;
    }
}
