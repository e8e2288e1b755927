package org.maskline.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SippPhone;
import org.maskline.sessions.Session;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;

/**
 * Asterisk stops with a call up: both phones are hung up by Asterisk, and the row says so (never
 * that the caller or the callee hung up, never "failed" for an answered call).
 */
@ExtendWith(SandboxExtension.class)
class AsteriskRestartIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static CallFixture maskline;

    @BeforeAll
    static void up() throws Exception {
        maskline = CallFixture.start(CallFixture.settings());
    }

    @AfterAll
    static void down() {
        if (maskline != null) maskline.close();
    }

    @Test
    void aCallCutByAnAsteriskStopIsLoggedAsSuch(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        try (SippPhone callee = GapIT.callees(sandbox, 1, 100, 60_000);
             SippPhone caller = GapIT.caller(sandbox, rider, CallFixture.proxyOf(s, rider), 60_000)) {
            caller.awaitReceived(GapIT::isOk, DEADLINE);
            try {
                sandbox.stop();
            } finally {
                sandbox.start();
            }
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            assertTrue(caller.received().stream().anyMatch(GapIT::isBye), "Asterisk hung up the caller");
            assertTrue(callee.received().stream().anyMatch(GapIT::isBye), "Asterisk hung up the callee");
            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.COMPLETED, r.outcome(), r.toString());
            assertTrue(Set.of("asterisk_shutdown", "ended_while_unmonitored").contains(r.hangupCause()), r.toString());
            assertNotNull(r.answeredAt());
            SipTrace.assertWithinASecond(SipTrace.answeredAt(callee, driver), r.answeredAt(), "answer time");
        }
    }
}
