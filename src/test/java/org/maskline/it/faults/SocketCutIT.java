package org.maskline.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The ARI connection is cut (as {@code ss -K} does) while callees answer: the events of those
 * answers are lost, and Maskline must find them from Asterisk's state after it reconnects.
 */
@ExtendWith(SandboxExtension.class)
class SocketCutIT {
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

    /** Kills every TCP connection to Asterisk's HTTP port (the event WebSocket and the REST ones). */
    static void cutAriConnections() throws Exception {
        Process p = new ProcessBuilder("ss", "-K", "dst", "127.0.0.1", "dport", "=", "8088")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "ss -K failed: " + out);
    }

    @Test
    void callsAnsweredWhileTheSocketIsCutAreLoggedAnsweredWithTrueTimes(Sandbox sandbox) throws Exception {
        int n = 4;
        List<String> riders = new ArrayList<>();
        List<String> drivers = new ArrayList<>();
        SippPhone.Builder callers = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 20_000).fill("HOLD_MS", 2_500).rate(10);
        for (int i = 0; i < n; i++) {
            String rider = CallFixture.freshNumber();
            String driver = CallFixture.freshNumber();
            Session s = maskline.openSession(rider, driver);
            riders.add(rider);
            drivers.add(driver);
            callers.call(rider, CallFixture.proxyOf(s, rider), "Caller");
        }
        try (SippPhone callee = GapIT.callees(sandbox, n, 400, 60_000);
             SippPhone caller = callers.dial(sandbox)) {
            // Every call rings; then the connection is cut again and again until every callee has
            // answered, so answers fall into gaps whose events Asterisk never sends.
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (caller.received().stream().filter(m -> m.status() == 180).map(m -> m.header("Call-ID").orElse(""))
                    .distinct().count() < n && System.nanoTime() < end) {
                Thread.sleep(5); // polling SIPp's trace with a deadline: every caller hears ringing
            }
            int cuts = 0;
            while (okSent(callee) < n && cuts < 40 && System.nanoTime() < end) {
                cutAriConnections();
                cuts++;
                Thread.sleep(40); // fault pacing, not synchronization: the next cut of the reconnected socket
            }
            cutAriConnections();
            assertTrue(cuts > 0, "the answers came while the connection was being cut");
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            assertEquals(n, caller.received().stream().filter(GapIT::isOk).count(), "every caller answered");
            assertEquals(n, callee.received().stream().filter(GapIT::isBye).count(), "every callee got the caller's BYE");

            for (int i = 0; i < n; i++) {
                CallRecord r = maskline.awaitFinishedCall(riders.get(i), DEADLINE);
                assertEquals(CallOutcome.COMPLETED, r.outcome(), "an answered call is never failed: " + r);
                assertNotNull(r.answeredAt(), r.toString());
                Instant answered = SipTrace.answeredAt(callee, drivers.get(i));
                SipTrace.assertWithinASecond(answered, r.answeredAt(), "answer time of " + r.id());
                String callId = SipTrace.callIdOfInviteTo(callee, drivers.get(i));
                Instant bye = SipTrace.first(callee, m -> m.received() && m.isRequest() && m.method().equals("BYE")
                        && m.header("Call-ID").orElse("").equals(callId));
                long talk = Duration.between(answered, bye).toMillis();
                long logged = Duration.between(r.answeredAt(), r.endedAt()).toMillis();
                assertTrue(Math.abs(talk - logged) <= 1000, "talk " + logged + " ms logged, " + talk + " ms on the phones");
            }
        }
    }

    static long okSent(SippPhone callee) {
        return callee.messages().stream().filter(m -> !m.received() && !m.isRequest() && m.status() == 200
                && m.method().equals("INVITE")).count();
    }
}
