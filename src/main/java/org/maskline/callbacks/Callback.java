package org.maskline.callbacks;

import java.time.Instant;

/**
 * One callback request: call {@code requester} (showing {@code requesterProxy}, the number they know
 * the target by), then {@code target} (showing {@code targetProxy}), and bridge them.
 *
 * @param attempts      attempts started so far
 * @param nextAttemptAt the earliest time the next attempt may start
 */
public record Callback(String id, String sessionId, String requester, String requesterProxy, String target,
                       String targetProxy, CallbackStatus status, int attempts, Instant createdAt, Instant expiresAt,
                       Instant nextAttemptAt) {}
