package org.maskline.calls;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;

/** The call path's metrics, registered once per JVM in the default registry. */
final class CallMetrics {
    private CallMetrics() {}

    static final Counter CALLS = Counter.builder()
            .name("maskline_calls_total")
            .help("Calls that ended, by outcome")
            .labelNames("outcome")
            .register();

    static final Gauge ACTIVE = Gauge.builder()
            .name("maskline_calls_active")
            .help("Calls in progress")
            .register();

    static final Histogram SETUP = Histogram.builder()
            .name("maskline_call_setup_seconds")
            .help("From the caller's StasisStart to the callee's dial request being accepted")
            .classicUpperBounds(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1)
            .register();
}
