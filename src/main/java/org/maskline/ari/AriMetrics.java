package org.maskline.ari;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The client's Prometheus metrics, labelled by node. The collectors are registered once per process in the default
 * registry (registering a name twice fails), and each {@link AriClient} takes its node's children.
 */
final class AriMetrics {

    private static final Counter REST_REQUESTS = Counter.builder()
            .name("maskline_ari_rest_requests_total")
            .help("ARI REST requests by operation and outcome (HTTP status, 'timeout' or 'unavailable')")
            .labelNames("node", "operation", "status")
            .withoutExemplars()
            .register();

    private static final Histogram REST_LATENCY = Histogram.builder()
            .name("maskline_ari_rest_latency_seconds")
            .help("ARI REST round-trip time, from the call until the response or failure")
            .unit(Unit.SECONDS)
            .labelNames("node", "operation")
            .classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
            .withoutExemplars()
            .register();

    private static final Counter EVENTS = Counter.builder()
            .name("maskline_ari_events_total")
            .help("ARI events received on the WebSocket, by type")
            .labelNames("node", "type")
            .withoutExemplars()
            .register();

    private static final Counter REPEATS = Counter.builder()
            .name("maskline_ari_repeated_events_total")
            .help("ARI events Asterisk sent twice (a channel's events also come through its endpoint's subscription), dropped")
            .labelNames("node")
            .withoutExemplars()
            .register();

    private static final Counter RECONNECTS = Counter.builder()
            .name("maskline_ari_reconnects_total")
            .help("Event WebSocket connections made after the first one")
            .labelNames("node")
            .withoutExemplars()
            .register();

    private static final Gauge CONNECTED = Gauge.builder()
            .name("maskline_ari_connected")
            .help("1 while the event WebSocket to the node is up")
            .labelNames("node")
            .withoutExemplars()
            .register();

    private final String node;
    private final CounterDataPoint reconnects;
    private final GaugeDataPoint connected;

    AriMetrics(String node) {
        this.node = node;
        this.reconnects = RECONNECTS.labelValues(node);
        this.connected = CONNECTED.labelValues(node);
    }

    void restCall(String operation, String status, long nanos) {
        REST_REQUESTS.labelValues(node, operation, status).inc();
        REST_LATENCY.labelValues(node, operation).observe(nanos / 1e9);
    }

    void event(String type) {
        EVENTS.labelValues(node, type.isEmpty() ? "(none)" : type).inc();
    }

    void repeatDropped() {
        REPEATS.labelValues(node).inc();
    }

    void reconnected() {
        reconnects.inc();
    }

    void connected(boolean up) {
        connected.set(up ? 1 : 0);
    }
}
