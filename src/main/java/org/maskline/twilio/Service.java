package org.maskline.twilio;

import java.time.Instant;
import org.maskline.sessions.Allocation;

/**
 * A Twilio Proxy service: a pool of numbers (pool_numbers.pool = sid) with session defaults.
 *
 * @param defaultTtl seconds; 0 means Maskline's configured default TTL (a Maskline session always ends)
 * @param geoMatchLevel stored and returned; Maskline matches no geography
 */
record Service(String sid, String uniqueName, int defaultTtl, String callbackUrl, String interceptCallbackUrl,
               String outOfSessionCallbackUrl, String numberSelectionBehavior, String geoMatchLevel,
               Instant createdAt, Instant updatedAt) {
    static final String PREFER_STICKY = "prefer-sticky";
    static final String AVOID_STICKY = "avoid-sticky";

    Allocation.Stickiness stickiness() {
        return AVOID_STICKY.equals(numberSelectionBehavior) ? Allocation.Stickiness.AVOID : Allocation.Stickiness.PREFER;
    }
}
