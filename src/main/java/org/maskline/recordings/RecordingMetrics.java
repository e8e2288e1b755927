package org.maskline.recordings;

import io.prometheus.metrics.core.metrics.Counter;

/** Recording's metrics, registered once per JVM in the default registry. */
final class RecordingMetrics {
    private RecordingMetrics() {}

    static final Counter STARTED = Counter.builder()
            .name("maskline_recordings_started_total")
            .help("Calls whose recording was started (both parties)")
            .register();

    static final Counter COLLECTED = Counter.builder()
            .name("maskline_recordings_collected_total")
            .help("Recordings fetched from Asterisk and stored")
            .register();

    static final Counter FAILED = Counter.builder()
            .name("maskline_recordings_failed_total")
            .help("Recordings given up: Asterisk held no track after every attempt")
            .register();

    static final Counter RETRIES = Counter.builder()
            .name("maskline_recording_fetch_retries_total")
            .help("Attempts to collect a recording that found it not ready yet, or failed, and were put off")
            .register();
}
