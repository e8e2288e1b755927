package org.maskline.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.sessions.Session;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;
import org.slf4j.LoggerFactory;

/**
 * What a stranger on the trunk can put in a call: a caller ID too long for any column, control
 * characters in the dialed number, a participant's real number dialed directly. Each call is
 * refused, its row lands bounded and clean, and no log line is forged or shows a real number.
 */
@ExtendWith(SandboxExtension.class)
class HostileInputIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static CallFixture maskline;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void up() throws Exception {
        maskline = CallFixture.start(CallFixture.settings());
    }

    @AfterAll
    static void down() {
        if (maskline != null) maskline.close();
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger("org.maskline")).addAppender(logs);
    }

    @AfterEach
    void stopCapturing() {
        ((Logger) LoggerFactory.getLogger("org.maskline")).detachAppender(logs);
    }

    private List<String> logLines() {
        return logs.list.stream().map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap()).toList();
    }

    private static List<Integer> finals(SippPhone phone) {
        return phone.received().stream().filter(m -> !m.isRequest() && m.method().equals("INVITE"))
                .map(SipMessage::status).filter(c -> c >= 200).toList();
    }

    @Test
    void aTwoHundredDigitCallerIdIsRejectedAndItsRowLandsBounded(Sandbox sandbox) throws Exception {
        String huge = "+" + "7".repeat(200);
        try (SippPhone caller = GapIT.caller(sandbox, huge, CallFixture.POOL_A, 1_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(List.of(404), finals(caller));
        }
        CallRecord r = awaitRow(c -> c.caller().startsWith("+7777777"));
        assertEquals(CallOutcome.REJECTED, r.outcome());
        assertTrue(r.caller().length() <= 64, r.caller());
        assertTrue(logLines().stream().noneMatch(l -> l.contains("7".repeat(65))), "logs are bounded too");
    }

    @Test
    void lineBreaksInTheDialedNumberNeverForgeALogLineNorReachTheRow(Sandbox sandbox) throws Exception {
        String stranger = CallFixture.freshNumber();
        try (SippPhone caller = GapIT.caller(sandbox, stranger, "+1555%0D%0AERROR%20forged%20line", 1_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertFalse(finals(caller).isEmpty(), "a final response");
            assertTrue(finals(caller).getFirst() >= 400, caller.transcript());
        }
        for (String line : logLines()) {
            assertFalse(line.contains("\n") || line.contains("\r"), "a raw line break in a log line: " + line);
        }
        for (CallRecord r : maskline.callsFrom(stranger)) {
            assertFalse(r.proxyNumber().contains("\n") || r.proxyNumber().contains("\r"), r.toString());
        }
    }

    @Test
    void aStrangerDialingAParticipantsRealNumberNeverGetsItLoggedOrStoredUnmasked(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        String stranger = CallFixture.freshNumber();
        try (SippPhone caller = GapIT.caller(sandbox, stranger, driver, 1_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(List.of(404), finals(caller));
        }
        CallRecord r = maskline.awaitFinishedCall(stranger, DEADLINE);
        assertEquals(CallOutcome.REJECTED, r.outcome());
        String national = driver.substring(3);
        assertFalse(r.proxyNumber().contains(national), "stored masked: " + r);
        for (String line : logLines()) {
            assertFalse(line.contains(national), "logged unmasked: " + line);
        }
        assertEquals(s.id(), s.id());
    }

    private static CallRecord awaitRow(java.util.function.Predicate<CallRecord> match) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            Optional<CallRecord> r = maskline.store.calls().search(Optional.empty(), Optional.empty(), 1000).stream()
                    .filter(c -> c.outcome() != null).filter(match).findFirst();
            if (r.isPresent()) return r.get();
            Thread.sleep(20); // polling the store with a deadline: the row is written by another thread
        }
        throw new AssertionError("no such finished row within " + DEADLINE);
    }
}
