package org.maskline.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * JSON in and out. Request bodies are read as trees and checked field by field, so every error names
 * the field and says what was expected, and unknown fields are refused (a misspelled ttlSeconds must not
 * silently fall back to the default).
 */
final class Json {
    private Json() {}

    static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // {"a":1}{"b":2} or {"a":1} garbage is not one object: refuse it rather than read the first part.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** The body as a JSON object. */
    static ObjectNode object(byte[] body) {
        if (body.length == 0) {
            throw ApiException.invalidRequest("the body must be a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            // Jackson's own message names its classes and echoes input: say where, not what it thought.
            var at = e.getLocation();
            throw ApiException.invalidRequest(at == null || at.getLineNr() < 1
                    ? "malformed JSON: the body must be one JSON object"
                    : "malformed JSON at line " + at.getLineNr() + ", column " + at.getColumnNr()
                    + ": the body must be one JSON object");
        } catch (java.io.IOException e) {
            throw ApiException.invalidRequest("unreadable body");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalidRequest("the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Refuses fields not in {@code allowed}; {@code where} prefixes the field name (e.g. "participants[0]."). */
    static void onlyFields(JsonNode node, String where, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.invalidRequest(where + Echo.clean(f) + ": unknown field");
            }
        }
    }

    static Optional<String> text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ApiException.invalidRequest(where + field + ": must be a string");
        }
        return Optional.of(v.asText());
    }

    static String requiredText(JsonNode node, String field, String where) {
        return text(node, field, where).orElseThrow(() -> ApiException.invalidRequest(where + field + ": is required"));
    }

    static Optional<Long> integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw ApiException.invalidRequest(field + ": must be a whole number");
        }
        return Optional.of(v.asLong());
    }

    static Optional<Boolean> bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw ApiException.invalidRequest(field + ": must be true or false");
        }
        return Optional.of(v.booleanValue());
    }

    static Optional<Instant> instant(JsonNode node, String field) {
        return text(node, field, "").map(s -> parseInstant(field, s));
    }

    static Instant parseInstant(String field, String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalidRequest(field + ": must be an ISO-8601 date-time with offset, e.g. 2030-01-01T12:00:00Z");
        }
    }
}
