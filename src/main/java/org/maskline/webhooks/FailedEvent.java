package org.maskline.webhooks;

import java.time.Instant;

/** An event whose delivery gave up: listed by GET /v1/webhooks/failed until retried. */
public record FailedEvent(Event event, String target, int attempts, String lastError, Instant failedAt) {}
