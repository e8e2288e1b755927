package org.maskline.api;

import java.util.HashMap;
import java.util.Map;

/**
 * One route: method, path template with {placeholders}, whether it needs an API key, and its handler.
 */
record Endpoint(String method, String template, boolean authenticated, Handler handler) {
    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    /** The placeholder values when the path matches the template, else null. */
    Map<String, String> match(String[] segments) {
        String[] parts = template.substring(1).split("/", -1);
        if (parts.length != segments.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith("{")) {
                if (segments[i].isEmpty()) {
                    return null;
                }
                params.put(parts[i].substring(1, parts[i].length() - 1), segments[i]);
            } else if (!parts[i].equals(segments[i])) {
                return null;
            }
        }
        return params;
    }
}
