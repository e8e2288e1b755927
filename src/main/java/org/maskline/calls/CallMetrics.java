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

    static final Gauge LOG_QUEUE = Gauge.builder()
            .name("maskline_calllog_queue_depth")
            .help("Call-log rows waiting for the database")
            .register();

    static final Counter LOG_RETRIES = Counter.builder()
            .name("maskline_calllog_retries_total")
            .help("Call-log writes that failed for a database outage and were retried")
            .register();

    static final Counter LOG_REWRITTEN = Counter.builder()
            .name("maskline_calllog_rewritten_total")
            .help("Call-log rows the database refused for good, written again sanitized")
            .register();

    static final Counter LOG_DROPPED = Counter.builder()
            .name("maskline_calllog_dropped_total")
            .help("Call-log rows never written: the queue was full, or even the sanitized row was refused")
            .labelNames("reason")
            .register();

    static final Counter NOT_CALLS = Counter.builder()
            .name("maskline_stasis_not_calls_total")
            .help("Channels that entered the Stasis application but are no call (e.g. SIP MESSAGE), let go at once")
            .register();

    static final Counter FORWARD_LIMITED = Counter.builder()
            .name("maskline_forward_limited_total")
            .help("Unroutable calls rejected instead of forwarded: the caller passed the per-minute limit")
            .register();

    /**
     * Menu and callback prompts by how they ended (issue 14): {@code played}, {@code fallback} (a recording
     * of MASKLINE_PROMPTS_DIR could not be played; Asterisk's sounds were), {@code failed} (nothing could be
     * played: a missing codec or sound). Anything but {@code played} means callers hear silence or the
     * wrong voice.
     */
    static final Counter PROMPTS = Counter.builder()
            .name("maskline_prompts_total")
            .help("Voice menu and callback prompts, by result: played, fallback (recording missing), failed")
            .labelNames("result")
            .register();
}
