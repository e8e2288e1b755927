package org.maskline.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** openapi.json as the tests read it: the documented routes, and a check of a real reply against its schema. */
final class OpenApiDoc {
    private final JsonNode root;

    OpenApiDoc() {
        try (InputStream in = OpenApiDoc.class.getResourceAsStream("/openapi.json")) {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    /** "METHOD /template" for every operation in the document. */
    Set<String> routes() {
        Set<String> out = new TreeSet<>();
        root.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(
                m -> out.add(m.toUpperCase() + " " + p.getKey())));
        return out;
    }

    /** The documented template that a concrete path matches. */
    String template(String path) {
        String[] segs = path.split("/", -1);
        for (Iterator<String> it = root.get("paths").fieldNames(); it.hasNext(); ) {
            String t = it.next();
            String[] parts = t.split("/", -1);
            if (parts.length != segs.length) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < parts.length && ok; i++) {
                ok = parts[i].startsWith("{") || parts[i].equals(segs[i]);
            }
            if (ok) {
                return t;
            }
        }
        throw new AssertionError("path not in openapi.json: " + path);
    }

    /** Fails unless the status is documented for this operation and the JSON body has exactly the documented fields. */
    void check(String method, String path, int status, JsonNode body) {
        String template = template(path);
        JsonNode op = root.get("paths").get(template).get(method.toLowerCase());
        if (op == null) {
            throw new AssertionError(method + " " + template + " not in openapi.json");
        }
        JsonNode response = op.get("responses").get(Integer.toString(status));
        if (response == null) {
            throw new AssertionError(method + " " + template + ": status " + status + " not documented; body " + body);
        }
        JsonNode schema = response.path("content").path("application/json").path("schema");
        if (body == null) {
            if (!schema.isMissingNode()) {
                throw new AssertionError(method + " " + template + " " + status + ": documented a body, got none");
            }
            return;
        }
        if (schema.isMissingNode()) {
            throw new AssertionError(method + " " + template + " " + status + ": body not documented: " + body);
        }
        conform(schema, body, method + " " + template + " " + status + " $");
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String name = ref.asText().substring("#/components/schemas/".length());
        return root.get("components").get("schemas").get(name);
    }

    private void conform(JsonNode schema, JsonNode value, String where) {
        schema = resolve(schema);
        JsonNode type = schema.get("type");
        if (type != null && !typeMatches(type, value)) {
            throw new AssertionError(where + ": expected " + type + ", got " + value);
        }
        JsonNode enumeration = schema.get("enum");
        if (enumeration != null) {
            boolean found = false;
            for (JsonNode e : enumeration) {
                found |= e.equals(value);
            }
            if (!found) {
                throw new AssertionError(where + ": " + value + " not in " + enumeration);
            }
        }
        JsonNode properties = schema.get("properties");
        if (properties != null && value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                var f = it.next();
                JsonNode ps = properties.get(f.getKey());
                if (ps == null) {
                    throw new AssertionError(where + "." + f.getKey() + ": field not documented");
                }
                conform(ps, f.getValue(), where + "." + f.getKey());
            }
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    throw new AssertionError(where + ": documented field " + r.asText() + " missing in " + value);
                }
            }
        }
        JsonNode items = schema.get("items");
        if (items != null && value.isArray()) {
            int i = 0;
            for (JsonNode v : value) {
                conform(items, v, where + "[" + i++ + "]");
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode v) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, v)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "null" -> v.isNull();
            default -> false;
        };
    }
}
