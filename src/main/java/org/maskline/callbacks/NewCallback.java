package org.maskline.callbacks;

import java.time.Instant;

/** A callback request as the menu makes it; numbers are E.164, {@code expiresAt} is its TTL's end. */
public record NewCallback(String sessionId, String requester, String requesterProxy, String target, String targetProxy,
                          Instant expiresAt) {}
