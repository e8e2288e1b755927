package org.maskline.webhooks;

import java.time.Instant;
import java.util.Optional;

/**
 * A destination of outbox events and its wire format: the body's encoding, the signature, the URL.
 * Maskline's own is {@link MasklineTarget} (signed JSON to {@code MASKLINE_WEBHOOK_URL}); another
 * format (a Twilio-compatible form-encoded callback with {@code X-Twilio-Signature}) is another
 * implementation, registered with the {@link Dispatcher} under its {@link #name()}; events reach it
 * through {@link Outbox#append(java.sql.Connection, String, String, String, Object, Instant)}.
 *
 * <p>Delivery is the dispatcher's: at least once, in order per session, retried with backoff; any
 * 2xx answer is success.
 */
public interface Target {
    /** The {@code target} column of the rows this delivers (at most 40 characters). */
    String name();

    /**
     * The request that delivers {@code event}, built anew for each attempt (a signature carries the
     * time). Empty when this event has nowhere to go (it is then dropped as delivered).
     */
    Optional<OutgoingRequest> request(Event event, Instant now);
}
