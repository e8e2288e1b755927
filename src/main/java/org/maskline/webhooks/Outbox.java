package org.maskline.webhooks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The outbox: where every feature writes its events, inside the transaction of the change it
 * describes. Commit and the event is there (and will be delivered); roll back and it never was.
 *
 * <pre>{@code
 * db.transaction(c -> {
 *     ... UPDATE the feature's rows ...
 *     Outbox.append(c, "message.received", sessionId, Map.of("id", messageId, ...));
 * });
 * }</pre>
 *
 * <p>Events of one session are delivered in the order their transactions committed: appending locks
 * the session's row until commit, so two transactions of one session append one after the other.
 * Events of no session are delivered in no particular order, unless they name a stream
 * ({@link #appendInStream}).
 */
public final class Outbox {
    private Outbox() {}

    /** Maskline's own JSON webhook ({@code MASKLINE_WEBHOOK_URL}): the target of {@link #append(Connection, String, String, Object)}. */
    public static final String WEBHOOK = "webhook";
    /** How long delivery is tried before the event is listed as failed. */
    public static final Duration MAX_AGE = Duration.ofHours(24);
    static final int MAX_TYPE = 64;

    /**
     * Appends an event for the backend's webhook, timestamped now.
     *
     * @param type      e.g. {@code session.opened}, {@code message.received}
     * @param sessionId the session it belongs to, or null
     * @param data      a record, a map or a Jackson tree: the event's {@code data}
     * @return the event id
     */
    public static String append(Connection c, String type, String sessionId, Object data) throws SQLException {
        return append(c, WEBHOOK, type, sessionId, data, Instant.now());
    }

    /** As {@link #append(Connection, String, String, Object)}, timestamped {@code at} (the change's own time). */
    public static String append(Connection c, String type, String sessionId, Object data, Instant at) throws SQLException {
        return append(c, WEBHOOK, type, sessionId, data, at);
    }

    /**
     * Appends an event for a named {@link Target} (another wire format, e.g. a Twilio-compatible callback).
     * Rows for a target no instance has configured are discarded by the dispatcher.
     */
    public static String append(Connection c, String target, String type, String sessionId, Object data, Instant at)
            throws SQLException {
        return append(c, target, type, sessionId, null, data, at);
    }

    /**
     * As {@link #append(Connection, String, String, Object, Instant)}, for an event of no session that must
     * still be delivered in order with others: those with the same {@code stream} (e.g. {@code "call:<id>"}
     * for the events of a call that had no session). Ignored when {@code sessionId} is set: the session is the stream.
     */
    public static String appendInStream(Connection c, String type, String sessionId, String stream, Object data, Instant at)
            throws SQLException {
        return append(c, WEBHOOK, type, sessionId, stream, data, at);
    }

    private static String append(Connection c, String target, String type, String sessionId, String stream, Object data,
                                 Instant at) throws SQLException {
        if (type == null || type.isEmpty() || type.length() > MAX_TYPE) {
            throw new IllegalArgumentException("event type must be 1 to " + MAX_TYPE + " characters");
        }
        String id = UUID.randomUUID().toString();
        Instant created = at.truncatedTo(ChronoUnit.MILLIS);
        if (sessionId != null) {
            // The session's row is the stream's lock: held to commit, so the sequence numbers of one
            // session's events follow the order their transactions commit in (no later event can be
            // delivered before an earlier one becomes visible).
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sessions WHERE id = ? FOR UPDATE")) {
                ps.setString(1, sessionId);
                ps.executeQuery().close();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_outbox (id, target, event_type, session_id,"
                + " order_key, created_at, payload, status, attempts, next_attempt_at, give_up_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, target);
            ps.setString(3, type);
            ps.setString(4, sessionId);
            ps.setString(5, sessionId != null ? sessionId : stream != null ? cut(stream, 80) : id);
            set(ps, 6, created);
            ps.setString(7, WebhookJson.text(WebhookJson.tree(data)));
            set(ps, 8, created);
            set(ps, 9, created.plus(MAX_AGE));
            ps.executeUpdate();
        }
        return id;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static void set(PreparedStatement ps, int i, Instant t) throws SQLException {
        ps.setObject(i, t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
