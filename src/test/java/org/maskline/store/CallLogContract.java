package org.maskline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.testsupport.MutableClock;

/** The call flow's write path of the call log, on each database. */
abstract class CallLogContract {
    protected final MutableClock clock = MutableClock.atNow();
    protected Store store;

    protected abstract StoreSettings freshDatabase();

    protected void dropDatabase() {}

    @BeforeEach
    void open() {
        store = Store.open(freshDatabase(), clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
        dropDatabase();
    }

    private CallRecord started(String id) {
        return new CallRecord(id, null, "+34600000001", null, "+15550100", clock.instant(), null, null, null, null);
    }

    @Test
    void theAnswerTimeIsStoredWhileTheCallIsUp() {
        store.calls().started(started("c1"), "node-a");
        Instant answered = clock.instant().plusSeconds(3);
        store.calls().answered("c1", answered);
        CallRecord r = store.calls().find("c1").orElseThrow();
        assertEquals(answered, r.answeredAt());
        assertNull(r.endedAt());
    }

    @Test
    void openRowsAreFoundPerNodeAndCompletedOnlyIfStillOpen() {
        store.calls().started(started("a1"), "node-a");
        store.calls().started(started("a2"), "node-a");
        store.calls().started(started("b1"), "node-b");
        Instant end = clock.instant().plusSeconds(10);
        store.calls().finished(new CallRecord("a2", null, "+34600000001", null, "+15550100", clock.instant(), null, end,
                CallOutcome.CANCELED, "caller_canceled"));
        assertEquals(List.of("a1"), store.calls().openCalls("node-a", 100).stream().map(CallRecord::id).toList());

        CallRecord unseen = new CallRecord("a1", null, "+34600000001", null, "+15550100", clock.instant(), null, end,
                CallOutcome.FAILED, "ended_while_unmonitored");
        store.calls().finishedIfOpen(unseen);
        assertEquals("ended_while_unmonitored", store.calls().find("a1").orElseThrow().hangupCause());
        store.calls().finishedIfOpen(new CallRecord("a2", null, "+34600000001", null, "+15550100", clock.instant(), null, end,
                CallOutcome.FAILED, "ended_while_unmonitored"));
        assertEquals("caller_canceled", store.calls().find("a2").orElseThrow().hangupCause(), "a known end is never overwritten");
        assertTrue(store.calls().openCalls("node-a", 100).isEmpty());
    }

    @Test
    void aFinishedRowInsertedWithoutItsStartKeepsItsNode() {
        store.calls().finished(new CallRecord("f1", null, "+34600000001", null, "+15550100", clock.instant(), null, null,
                null, null), "node-a");
        assertEquals(List.of("f1"), store.calls().openCalls("node-a", 100).stream().map(CallRecord::id).toList());
    }

    @Test
    void aValueTooLongForItsColumnIsRefusedForGoodNotAsAnOutage() {
        CallRecord tooLong = new CallRecord("x1", null, "+" + "9".repeat(200), null, "+15550100", clock.instant(), null, null,
                null, null);
        assertThrows(CallLog.RowRejected.class, () -> store.calls().started(tooLong, "node-a"));
        assertThrows(CallLog.RowRejected.class, () -> store.calls().finished(tooLong, "node-a"));
    }
}
