package org.maskline.it.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SippPhone;
import org.maskline.sessions.Session;
import org.maskline.testsupport.WebhookReceiver;
import org.maskline.webhooks.Dispatcher;
import org.maskline.webhooks.MasklineTarget;

/** A real masked call through the sandbox: its events reach the backend signed, complete and in order. */
@ExtendWith(SandboxExtension.class)
class WebhookEventsIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String SECRET = "whsec-it-0123456789abcdef";
    private static CallFixture maskline;
    private static WebhookReceiver backend;
    private static Dispatcher dispatcher;

    @BeforeAll
    static void up() throws Exception {
        maskline = CallFixture.start(CallFixture.settings());
        backend = new WebhookReceiver(SECRET, 0).start();
        dispatcher = new Dispatcher(maskline.store, List.of(new MasklineTarget(backend.url("/events"), SECRET)),
                Dispatcher.Settings.of(Duration.ofSeconds(2), Duration.ofDays(1)), java.time.Clock.systemUTC()).start();
    }

    @AfterAll
    static void down() {
        if (dispatcher != null) dispatcher.close();
        if (backend != null) backend.close();
        if (maskline != null) maskline.close();
    }

    @Test
    void aMaskedCallsEventsArriveInOrderWithTheSessionsAroundThem(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        try (SippPhone callee = SippPhone.scenario("callee").fill("RING_MS", 300).fill("HOLD_MS", 60_000)
                .port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox);
             SippPhone caller = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_200)
                     .call(rider, CallFixture.proxyOf(s, rider), "Rider").dial(sandbox)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
        }
        maskline.awaitFinishedCall(rider, DEADLINE);
        maskline.store.sessions().close(s.id());

        var events = backend.awaitEvents(e -> backend.eventsOf(s.id()).size() >= 5, DEADLINE, "five events of the session");
        List<WebhookReceiver.Received> mine = backend.eventsOf(s.id());
        assertEquals(List.of("session.opened", "call.started", "call.answered", "call.completed", "session.closed"),
                mine.stream().map(WebhookReceiver.Received::type).toList(), "in the order they happened");
        assertEquals(List.of(), backend.badSignatures(), "every request is signed with the secret");
        var completed = mine.get(3).data();
        assertEquals(s.id(), completed.get("sessionId").asText());
        assertEquals(rider, completed.get("caller").asText());
        assertEquals(driver, completed.get("callee").asText());
        assertEquals(CallFixture.proxyOf(s, rider), completed.get("proxyNumber").asText());
        assertEquals("completed", completed.get("outcome").asText());
        assertTrue(completed.get("talkSeconds").asInt() >= 1, completed.toString());
        String callId = completed.get("id").asText();
        assertEquals(callId, mine.get(1).data().get("id").asText(), "one call's events carry its id");
        assertTrue(Instant.parse(mine.get(2).json().get("createdAt").asText())
                .isBefore(Instant.parse(mine.get(3).json().get("createdAt").asText())), "answered before completed");
        assertEquals(5, mine.stream().map(WebhookReceiver.Received::id).distinct().count(), "each event once");
        assertTrue(events.size() >= 5);
    }
}
