package org.maskline.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A reply body with its status and content type; an empty body for 204.
 *
 * @param headers extra headers (Allow, Retry-After); usually empty
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json; charset=utf-8";

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public ApiResponse(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, JSON, Json.write(value));
    }

    static ApiResponse text(int status, String contentType, String text) {
        return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, new byte[0]);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, contentType, body, h);
    }
}
