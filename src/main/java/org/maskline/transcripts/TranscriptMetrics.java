package org.maskline.transcripts;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;

/** Transcription's metrics, registered once per JVM in the default registry. */
final class TranscriptMetrics {
    private TranscriptMetrics() {}

    static final Counter JOBS = Counter.builder()
            .name("maskline_transcripts_total")
            .help("Transcription jobs that ended: done, failed, or retried (put back in the queue)")
            .labelNames("result")
            .register();

    static final Histogram REAL_TIME_FACTOR = Histogram.builder()
            .name("maskline_transcription_real_time_factor")
            .help("Engine time over audio time, per call (both tracks): below 1 the engine keeps up with the calls")
            .classicUpperBounds(0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5)
            .register();
}
