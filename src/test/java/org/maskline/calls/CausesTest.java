package org.maskline.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.maskline.store.CallOutcome;

class CausesTest {
    @Test
    void theCalleesRefusalIsTheOutcome() {
        assertEquals(CallOutcome.BUSY, Causes.unansweredOutcome(17));
        assertEquals(CallOutcome.NO_ANSWER, Causes.unansweredOutcome(19));
        assertEquals(CallOutcome.NO_ANSWER, Causes.unansweredOutcome(18));
        assertEquals(CallOutcome.FAILED, Causes.unansweredOutcome(21));
        assertEquals(CallOutcome.FAILED, Causes.unansweredOutcome(34));
    }

    @Test
    void theCallerHearsTheCalleesCauseButNeverSilence() {
        assertEquals(17, Causes.forCaller(17));
        assertEquals(34, Causes.forCaller(34));
        // A callee leg cleared "normally" before answer would give the caller no reason at all.
        assertEquals(19, Causes.forCaller(16));
        assertEquals(19, Causes.forCaller(0));
    }

    @Test
    void causesHaveReadableNamesInTheCallLog() {
        assertEquals("user_busy", Causes.name(17));
        assertEquals("cause_99", Causes.name(99));
    }
}
