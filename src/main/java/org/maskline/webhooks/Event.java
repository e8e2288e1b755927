package org.maskline.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One event, as the backend receives it: {@code {"id", "type", "createdAt", "data"}}.
 *
 * @param id        unique per event: the receiver's idempotency key (a redelivery carries the same id)
 * @param sessionId the session it belongs to (its delivery stream), or null
 */
public record Event(String id, String type, Instant createdAt, String sessionId, JsonNode data) {
    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(data, "data");
    }
}
