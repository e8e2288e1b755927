package org.maskline.webhooks;

import java.net.URI;
import java.util.Map;

/** One HTTP POST to a backend, ready to send: built by a {@link Target} per attempt. */
public record OutgoingRequest(URI uri, String contentType, byte[] body, Map<String, String> headers) {
    public OutgoingRequest {
        headers = Map.copyOf(headers);
    }
}
