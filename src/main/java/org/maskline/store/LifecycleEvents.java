package org.maskline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.maskline.sessions.Participant;
import org.maskline.sessions.Session;
import org.maskline.webhooks.Outbox;

/**
 * The session and call events, appended to the webhook outbox inside the transaction that makes
 * the change (docs/api.md, "Webhooks", lists their data). The data of a call event is the call-log
 * row as it stands after the change, so the backend sees what {@code GET /v1/calls} would show.
 */
final class LifecycleEvents {
    private LifecycleEvents() {}

    static final String SESSION_OPENED = "session.opened";
    static final String SESSION_CLOSED = "session.closed";
    static final String SESSION_EXPIRED = "session.expired";
    static final String CALL_STARTED = "call.started";
    static final String CALL_ANSWERED = "call.answered";
    static final String CALL_COMPLETED = "call.completed";

    static void opened(Connection c, Session s) throws SQLException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", s.id());
        d.put("status", s.status().code());
        d.put("reference", s.reference());
        d.put("createdAt", s.createdAt());
        d.put("expiresAt", s.expiresAt());
        List<Participant> ps = s.participants();
        d.put("participants", ps);
        d.put("mode", s.mode().code()); // issue 13: as GET /v1/sessions/{id} shows it
        Outbox.append(c, SESSION_OPENED, s.id(), d, s.createdAt());
    }

    /** After the row was marked closed or expired in this transaction. */
    static void ended(Connection c, String id, String type, Instant at) throws SQLException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        try (PreparedStatement ps = c.prepareStatement("SELECT status, reference, expires_at, ended_at FROM sessions WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    d.put("status", rs.getString("status"));
                    d.put("reference", rs.getString("reference"));
                    d.put("expiresAt", Jdbc.instant(rs, "expires_at"));
                    d.put("endedAt", Jdbc.instant(rs, "ended_at"));
                }
            }
        }
        Outbox.append(c, type, id, d, at);
    }

    /** A call event carrying the call's row as this transaction leaves it. @return that row, null when there is none */
    static CallRecord call(Connection c, String type, String callId, Instant at) throws SQLException {
        CallRecord r;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, session_id, caller, callee, proxy_number, started_at,"
                + " answered_at, ended_at, outcome, hangup_cause, menu_choice, callback_id FROM calls WHERE id = ?")) {
            ps.setString(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                String outcome = rs.getString("outcome");
                r = new CallRecord(rs.getString("id"), rs.getString("session_id"), rs.getString("caller"),
                        rs.getString("callee"), rs.getString("proxy_number"), Jdbc.instant(rs, "started_at"),
                        Jdbc.instant(rs, "answered_at"), Jdbc.instant(rs, "ended_at"),
                        outcome == null ? null : CallOutcome.fromCode(outcome), rs.getString("hangup_cause"),
                        rs.getString("menu_choice"), rs.getString("callback_id"));
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", r.id());
        d.put("sessionId", r.sessionId());
        d.put("caller", r.caller());
        d.put("callee", r.callee());
        d.put("proxyNumber", r.proxyNumber());
        d.put("startedAt", r.startedAt());
        d.put("answeredAt", r.answeredAt());
        d.put("endedAt", r.endedAt());
        d.put("talkSeconds", r.talkSeconds());
        d.put("outcome", r.outcome() == null ? null : r.outcome().code());
        d.put("hangupCause", r.hangupCause());
        d.put("menuChoice", r.menuChoice()); // issue 14
        d.put("callbackId", r.callbackId());
        // A call with no session (refused, unroutable) is still one stream: its start before its end.
        Outbox.appendInStream(c, type, r.sessionId(), "call:" + r.id(), d, at);
        return r;
    }
}
