package org.maskline.sessions;

import java.time.Instant;

/** How long a session should live, as the API client said it. */
public sealed interface Lifetime {
    /** Neither ttlSeconds nor expiresAt given: the configured default TTL. */
    record Default() implements Lifetime {}

    record Ttl(long seconds) implements Lifetime {}

    record Until(Instant expiresAt) implements Lifetime {}
}
