package org.maskline.ari;

import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ARI REST request before it is sent: the operation name (for metrics and errors), method, path below the ARI
 * root, query parameters (nulls are left out) and an optional JSON body.
 */
record RestCall(String operation, HttpMethod method, String path, Map<String, String> query, Object body) {

    static RestCall get(String operation, String path) {
        return new RestCall(operation, HttpMethod.GET, path, new LinkedHashMap<>(), null);
    }

    static RestCall post(String operation, String path) {
        return new RestCall(operation, HttpMethod.POST, path, new LinkedHashMap<>(), null);
    }

    static RestCall put(String operation, String path) {
        return new RestCall(operation, HttpMethod.PUT, path, new LinkedHashMap<>(), null);
    }

    static RestCall delete(String operation, String path) {
        return new RestCall(operation, HttpMethod.DELETE, path, new LinkedHashMap<>(), null);
    }

    /** Adds a query parameter unless the value is null. */
    RestCall param(String name, Object value) {
        if (value != null) {
            query.put(name, String.valueOf(value));
        }
        return this;
    }

    RestCall withBody(Object json) {
        return new RestCall(operation, method, path, query, json);
    }

    /** ARI's "containers" body: {@code {"variables": {...}}}, or none when there is nothing to send. */
    RestCall withVariables(Map<String, String> variables) {
        return variables == null || variables.isEmpty() ? this : withBody(Map.of("variables", variables));
    }

    boolean idempotent() {
        return method == HttpMethod.GET;
    }

    /** The request target: base path, then the path, then the encoded query. */
    String target(String basePath) {
        var sb = new StringBuilder(basePath).append(path);
        char sep = '?';
        for (var e : query.entrySet()) {
            sb.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return sb.toString();
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters; safe in a path segment and in a query. */
    static String encode(String s) {
        var sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Builds a path from literal parts and ids, encoding the ids. Usage: {@code path("/channels/", id, "/dial")}. */
    static String path(String... parts) {
        var sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            sb.append(i % 2 == 0 ? parts[i] : encode(parts[i]));
        }
        return sb.toString();
    }
}
