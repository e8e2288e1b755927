package org.maskline.api;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;

/** The API's own metrics, registered once per JVM in the default registry. */
final class ApiMetrics {
    private ApiMetrics() {}

    static final Counter REQUESTS = Counter.builder()
            .name("maskline_api_requests_total")
            .help("REST API requests by HTTP status")
            .labelNames("status")
            .register();

    static final Counter SESSIONS_CREATED = Counter.builder()
            .name("maskline_sessions_opened_total")
            .help("Sessions opened through the API")
            .register();

    static final Gauge POOL_NUMBERS = Gauge.builder()
            .name("maskline_pool_numbers")
            .help("Numbers in the proxy pool, active or draining")
            .register();

    static final Gauge POOL_ACTIVE = Gauge.builder()
            .name("maskline_pool_numbers_active")
            .help("Pool numbers that accept new sessions")
            .register();

    static final Gauge POOL_IN_USE = Gauge.builder()
            .name("maskline_pool_numbers_in_use")
            .help("Pool numbers used by at least one open session")
            .register();

    static final Gauge IN_FLIGHT = Gauge.builder()
            .name("maskline_api_requests_in_flight")
            .help("Requests read and not yet answered, over all connections (at most the per-connection cap each)")
            .register();

    static final Gauge QUEUED = Gauge.builder()
            .name("maskline_api_requests_queued")
            .help("Requests waiting for an API worker (bounded; beyond it, 503 overloaded)")
            .register();
}
