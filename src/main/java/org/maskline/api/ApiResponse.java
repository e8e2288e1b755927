package org.maskline.api;

import java.nio.charset.StandardCharsets;

/** A reply body with its status and content type; an empty body for 204. */
record ApiResponse(int status, String contentType, byte[] body) {
    static final String JSON = "application/json; charset=utf-8";

    static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, JSON, Json.write(value));
    }

    static ApiResponse text(int status, String contentType, String text) {
        return new ApiResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, null, new byte[0]);
    }
}
