package org.maskline.webhooks;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** JSON for events and for the backend's answers: instants as ISO-8601 text. */
final class WebhookJson {
    private WebhookJson() {}

    static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    static JsonNode tree(Object value) {
        return value instanceof JsonNode n ? n : MAPPER.valueToTree(value);
    }

    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialize event data", e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalStateException("stored event data is not JSON", e);
        }
    }

    /** The body Maskline sends: {"id", "type", "createdAt", "data"}, in that order. */
    static byte[] body(Event e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", e.id());
        o.put("type", e.type());
        o.put("createdAt", e.createdAt().toString());
        o.set("data", e.data());
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (JacksonException ex) {
            throw new IllegalStateException("cannot serialize event", ex);
        }
    }
}
