package org.maskline.messages;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;

/** Messaging's metrics, registered once per JVM in the default registry. */
final class MessageMetrics {
    private MessageMetrics() {}

    static final Counter MESSAGES = Counter.builder()
            .name("maskline_messages_total")
            .help("Text messages by status (sent, failed, rejected) and direction (inbound, api)")
            .labelNames("status", "direction")
            .register();

    static final Histogram RELAY = Histogram.builder()
            .name("maskline_message_relay_seconds")
            .help("From the carrier's message arriving (TextMessageReceived) to Asterisk accepting the outgoing one")
            .classicUpperBounds(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1)
            .register();

    static final Counter DROPPED = Counter.builder()
            .name("maskline_messages_overload_dropped_total")
            .help("Inbound messages dropped because too many were waiting to be relayed (a flood)")
            .register();

    static final Counter LOG_FAILURES = Counter.builder()
            .name("maskline_messagelog_write_failures_total")
            .help("Message-log rows the database did not take after retries (the message itself was handled)")
            .register();
}
