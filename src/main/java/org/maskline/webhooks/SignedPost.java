package org.maskline.webhooks;

import com.fasterxml.jackson.core.JacksonException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/** A JSON request to the backend, signed like every other ({@link Signature}). */
final class SignedPost {
    private SignedPost() {}

    static OutgoingRequest of(URI url, String secret, Object body, Clock clock) {
        byte[] bytes;
        try {
            bytes = WebhookJson.MAPPER.writeValueAsBytes(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot serialize a request to the backend", e);
        }
        return new OutgoingRequest(url, "application/json", bytes,
                Map.of(Signature.HEADER, Signature.header(secret, clock.instant(), bytes)));
    }
}
