package org.maskline.api;

import java.time.Duration;

/**
 * What one client may cost the server.
 *
 * @param maxBody        largest request body; beyond it, 413
 * @param maxInFlight    requests of one connection being worked on or waiting to be written;
 *                       beyond it the connection is not read until replies go out
 * @param workers        threads running requests (they block on the database)
 * @param queue          requests waiting for a worker, all connections together; beyond it, 503 overloaded
 * @param requestTimeout from a request's first byte to its last (headers and body); then the connection closes
 * @param idleTimeout    a connection with no traffic either way for this long is closed
 */
record Limits(int maxBody, int maxInFlight, int workers, int queue, Duration requestTimeout, Duration idleTimeout) {
    /** Sessions are small; a megabyte is far beyond any legitimate body. */
    static final Limits DEFAULT = new Limits(1 << 20, 16, 32, 512, Duration.ofSeconds(10), Duration.ofSeconds(60));

    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADERS = 8192;
}
