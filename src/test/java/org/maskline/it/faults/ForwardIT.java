package org.maskline.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.config.Unroutable;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.sessions.Session;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;

/**
 * {@code MASKLINE_UNROUTABLE=forward:+E164}: the support line is shown a pool number or its own
 * number, never what a stranger dialed, and one caller is forwarded at most N times a minute.
 */
@ExtendWith(SandboxExtension.class)
class ForwardIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String SUPPORT = "+15550199";
    private static CallFixture maskline;

    @BeforeAll
    static void up() throws Exception {
        maskline = CallFixture.start(CallFixture.settings().withUnroutable(new Unroutable.Forward(SUPPORT)).withForwardLimit(2));
    }

    @AfterAll
    static void down() {
        if (maskline != null) maskline.close();
    }

    private static List<SipMessage> invites(SippPhone phone) {
        return phone.received().stream().filter(m -> m.isRequest() && m.method().equals("INVITE")).toList();
    }

    @Test
    void theSupportLineSeesOnlyPoolOrSupportNumbersAndOneCallerIsForwardedAtMostTheLimit(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        String stranger = CallFixture.freshNumber();
        try (SippPhone support = GapIT.callees(sandbox, 2, 100, 60_000)) {
            // 1: a pool number that routes nothing for this caller: support sees that pool number.
            try (SippPhone caller = GapIT.caller(sandbox, stranger, CallFixture.proxyOf(s, rider), 1_000)) {
                assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            }
            // 2: a participant's real number, dialed directly: support sees its own number, never the dialed one.
            try (SippPhone caller = GapIT.caller(sandbox, stranger, driver, 1_000)) {
                assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            }
            assertEquals(0, support.awaitExit(DEADLINE), support.transcript());
            List<SipMessage> in = invites(support);
            assertEquals(2, in.size());
            assertEquals(SUPPORT, in.get(0).requestUser());
            assertEquals(CallFixture.proxyOf(s, rider), in.get(0).headerUser("From").orElseThrow());
            assertEquals(SUPPORT, in.get(1).headerUser("From").orElseThrow());
            for (SipMessage m : support.received()) {
                assertFalse(m.raw().contains(driver.substring(3)), "the dialed real number reached support:\n" + m.raw());
                assertFalse(m.raw().contains(stranger.substring(3)), "the caller's number reached support:\n" + m.raw());
            }
            // 3: over the limit: rejected like reject mode, nobody dialed.
            try (SippPhone caller = GapIT.caller(sandbox, stranger, CallFixture.proxyOf(s, rider), 1_000)) {
                assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
                assertEquals(List.of(404), caller.received().stream().filter(m -> !m.isRequest() && m.status() >= 200
                        && m.method().equals("INVITE")).map(SipMessage::status).toList());
            }
        }
        long end = System.nanoTime() + DEADLINE.toNanos();
        List<CallRecord> rows = maskline.callsFrom(stranger);
        while ((rows.size() < 3 || rows.stream().anyMatch(r -> r.outcome() == null)) && System.nanoTime() < end) {
            Thread.sleep(20); // polling the store with a deadline: rows are written by another thread
            rows = maskline.callsFrom(stranger);
        }
        assertEquals(3, rows.size(), rows.toString());
        assertEquals(2, rows.stream().filter(r -> SUPPORT.equals(r.callee()) && r.outcome() == CallOutcome.COMPLETED).count(), rows.toString());
        assertEquals(1, rows.stream().filter(r -> "forward_limited".equals(r.hangupCause())).count(), rows.toString());
    }
}
