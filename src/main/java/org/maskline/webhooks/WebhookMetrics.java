package org.maskline.webhooks;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;

/** Webhook metrics, registered once per JVM in the default registry (scraped at /metrics). */
final class WebhookMetrics {
    private WebhookMetrics() {}

    static final Gauge OUTBOX_DEPTH = Gauge.builder()
            .name("maskline_webhook_outbox_depth")
            .help("Events waiting for delivery in the outbox (pending, all targets)")
            .register();

    static final Gauge OUTBOX_FAILED = Gauge.builder()
            .name("maskline_webhook_outbox_failed")
            .help("Events that gave up after 24 h of retries (GET /v1/webhooks/failed)")
            .register();

    static final Counter DELIVERIES = Counter.builder()
            .name("maskline_webhook_deliveries_total")
            .help("Delivery attempts by target and result: delivered, retry (a non-2xx answer or no answer), gave_up, discarded (no target configured)")
            .labelNames("target", "result")
            .register();

    static final Histogram DELIVERY_SECONDS = Histogram.builder()
            .name("maskline_webhook_delivery_seconds")
            .help("Time from an event's creation to its delivery")
            .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 600, 3600, 86400)
            .register();

    static final Counter HOOKS = Counter.builder()
            .name("maskline_call_hooks_total")
            .help("Intercept and routing-webhook requests by hook and verdict")
            .labelNames("hook", "verdict")
            .register();

    static final Histogram HOOK_SECONDS = Histogram.builder()
            .name("maskline_call_hook_seconds")
            .help("Time the backend took to answer an intercept or routing request")
            .labelNames("hook")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)
            .register();
}
