package org.maskline.calls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What /metrics shows of the call log and of calls that are no calls (it scrapes the default registry). */
class CallMetricsTest {
    @Test
    void theCallLogQueueRetriesAndDropsAreInTheDefaultRegistry() throws Exception {
        CallMetrics.LOG_QUEUE.set(0);
        CallMetrics.LOG_DROPPED.labelValues("queue_full");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusTextFormatWriter(false).write(out, PrometheusRegistry.defaultRegistry.scrape());
        String text = out.toString(StandardCharsets.UTF_8);
        for (String name : new String[] {"maskline_calllog_queue_depth", "maskline_calllog_retries_total",
                "maskline_calllog_rewritten_total", "maskline_calllog_dropped_total", "maskline_stasis_not_calls_total",
                "maskline_forward_limited_total"}) {
            assertTrue(text.contains(name), name + " missing from:\n" + text);
        }
    }
}
