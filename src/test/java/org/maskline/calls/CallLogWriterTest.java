package org.maskline.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;

class CallLogWriterTest {
    private final CallHarness.MemoryLog store = new CallHarness.MemoryLog();
    private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

    private static CallRecord row(String id, String caller) {
        return new CallRecord(id, null, caller, null, "+15550100", T, null, T.plusSeconds(1), CallOutcome.REJECTED, "unroutable");
    }

    private static double dropped(String reason) {
        return CallMetrics.LOG_DROPPED.labelValues(reason).get();
    }

    @Test
    void rowsWaitInABoundedQueueDuringAnOutageAndLandInOrderOnRecovery() {
        CallLogWriter w = new CallLogWriter(store, 3, false);
        store.down = true;
        double droppedBefore = dropped("queue_full");
        double retriesBefore = CallMetrics.LOG_RETRIES.get();
        for (int i = 0; i < 5; i++) w.finish(row("c" + i, "+34600000001"), "n");
        assertEquals(3, w.pending(), "bounded");
        assertEquals(droppedBefore + 2, dropped("queue_full"), "the rows beyond the bound are counted");
        assertEquals(3, CallMetrics.LOG_QUEUE.get(), "the depth is a gauge");
        assertFalse(w.writeNext());
        assertFalse(w.writeNext());
        assertEquals(retriesBefore + 2, CallMetrics.LOG_RETRIES.get(), "retries are counted");
        store.down = false;
        assertTrue(w.flush(Duration.ofSeconds(1)));
        assertEquals(java.util.List.of("c0", "c1", "c2"), java.util.List.copyOf(store.rows.keySet()));
        assertEquals(0, CallMetrics.LOG_QUEUE.get());
    }

    @Test
    void aRowTheStoreRefusesForGoodIsWrittenSanitizedOnceAndNeverRetried() {
        CallLogWriter w = new CallLogWriter(store, 10, false);
        double rewritten = CallMetrics.LOG_REWRITTEN.get();
        w.finish(row("big", "+" + "9".repeat(200)), "n");
        assertTrue(w.writeNext());
        assertEquals(0, w.pending());
        CallRecord r = store.rows.get("big");
        assertNotNull(r);
        assertTrue(r.caller().length() <= 64);
        assertEquals(rewritten + 1, CallMetrics.LOG_REWRITTEN.get());
        assertEquals(2, store.writes, "one refused write, one sanitized write, nothing more");
    }

    @Test
    void aStartRowIsFoldedIntoItsCallsFinishedRowWhenBothWait() {
        CallLogWriter w = new CallLogWriter(store, 10, false);
        CallRecord started = new CallRecord("c", null, "+34600000001", null, "+15550100", T, null, null, null, null);
        w.start(started, "n");
        w.answered("c", T.plusSeconds(1));
        w.finish(row("c", "+34600000001"), "n");
        assertTrue(w.flush(Duration.ofSeconds(1)));
        assertEquals(1, store.writes, "one write lands the whole row");
        assertEquals("n", store.nodes.get("c"));
    }

    @Test
    void aThreadedWriterLandsRowsAfterAnOutageAndFlushWaitsForThem() throws Exception {
        CallLogWriter w = new CallLogWriter(store, 10, true);
        try {
            store.down = true;
            w.finish(row("t1", "+34600000001"), "n");
            assertFalse(w.flush(Duration.ofMillis(200)), "nothing lands while the database is down");
            store.down = false;
            assertTrue(w.flush(Duration.ofSeconds(5)));
            assertNotNull(store.rows.get("t1"));
        } finally {
            w.close();
        }
    }
}
