package org.maskline.callbacks;

import java.time.Duration;

/**
 * @param attempts   attempts per request (MASKLINE_CALLBACK_ATTEMPTS)
 * @param ttl        how long a request waits for its target before it expires (MASKLINE_CALLBACK_TTL_SECONDS)
 * @param retryDelay pause between a failed attempt and the next (MASKLINE_CALLBACK_RETRY_SECONDS)
 * @param poll       how often the dialer looks for requests whose target is available
 */
public record CallbackSettings(int attempts, Duration ttl, Duration retryDelay, Duration poll) {
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);
    /** How long an attempt's claim lasts unrenewed: an instance that dies mid-call frees it after this. */
    public static final Duration CLAIM = Duration.ofSeconds(30);

    public CallbackSettings {
        if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1");
    }
}
