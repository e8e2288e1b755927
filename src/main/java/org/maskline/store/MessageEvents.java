package org.maskline.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.maskline.webhooks.Outbox;

/**
 * The message events ({@code message.sent}, {@code message.failed}, {@code message.rejected}), appended
 * to the webhook outbox in the transaction that writes the message's row, so an event exists exactly
 * when its row does. The data is the row as {@code GET /v1/messages} shows it. Refusals for the rate
 * limit are logged but raise no event: a flood at Maskline must not become a flood at the backend.
 */
final class MessageEvents {
    private MessageEvents() {}

    static void append(Connection c, MessageRecord m) throws SQLException {
        if ("rate_limited".equals(m.reason())) return;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", m.id());
        d.put("sessionId", m.sessionId());
        d.put("from", m.from());
        d.put("to", m.to());
        d.put("proxyNumber", m.proxyNumber());
        d.put("direction", m.direction().code());
        d.put("status", m.status().code());
        d.put("reason", m.reason());
        d.put("createdAt", m.createdAt());
        d.put("bodyLength", m.bodyLength());
        if (m.body() != null) d.put("body", m.body());
        Outbox.append(c, "message." + m.status().code(), m.sessionId(), d, m.createdAt());
    }
}
