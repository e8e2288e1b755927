package org.maskline.it.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.calls.CallSettings;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionPolicy;
import org.maskline.sessions.SessionStatus;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;
import org.maskline.testsupport.WebhookReceiver;
import org.maskline.testsupport.WebhookReceiver.Reply;
import org.maskline.webhooks.CallHooks;
import org.maskline.webhooks.Intercept;

/**
 * Intercept and the routing webhook through the real sandbox: SIPp phones on both sides, a real HTTP
 * backend in the test that checks every request's signature, and every assertion about what a phone
 * was shown made on the messages it received.
 */
@ExtendWith(SandboxExtension.class)
class CallHooksIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String SECRET = "whsec-hooks-0123456789abcdef";
    /** Generous, so a cold JVM's first request is in time; the timeout tests use {@link #SHORT}. */
    private static final Duration HOOK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SHORT = Duration.ofMillis(400);
    private static CallFixture maskline;
    private static WebhookReceiver backend;

    @BeforeAll
    static void up() throws Exception {
        maskline = CallFixture.start(CallFixture.settings());
        backend = new WebhookReceiver(SECRET, 0).start();
    }

    @AfterAll
    static void down() {
        if (backend != null) backend.close();
        if (maskline != null) maskline.close();
    }

    @AfterEach
    void everyRequestWasSigned() {
        assertEquals(List.of(), backend.badSignatures());
    }

    // ---- set-up ------------------------------------------------------------------------------

    private static void hooks(boolean intercept, boolean blockOnTimeout, boolean routing, boolean always) {
        hooks(intercept, blockOnTimeout, routing, always, HOOK_TIMEOUT);
    }

    private static void hooks(boolean intercept, boolean blockOnTimeout, boolean routing, boolean always, Duration timeout) {
        // The route decision's deadline: the store's 500 ms plus the hooks' own, as CallSettings.of(config) sets it.
        CallSettings settings = CallFixture.settings().withLookupTimeout(Duration.ofMillis(500).plus(timeout.multipliedBy(2)));
        maskline.use(settings, new CallHooks(
                routing ? Optional.of(new CallHooks.Routing(backend.url("/route"), always, timeout)) : Optional.empty(),
                intercept ? Optional.of(new Intercept(backend.url("/intercept"), SECRET, timeout, blockOnTimeout,
                        Clock.systemUTC())) : Optional.empty(),
                SECRET, maskline.store.routes(), new SessionPolicy("ES", Duration.ofHours(1), Clock.systemUTC()),
                maskline.store.sessions()::create, Clock.systemUTC()));
    }

    private static SippPhone callee(Sandbox sandbox) throws Exception {
        return SippPhone.scenario("callee").fill("RING_MS", 200).fill("HOLD_MS", 60_000)
                .port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox);
    }

    private static SippPhone caller(Sandbox sandbox, String from, String dialed) throws Exception {
        return SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_000)
                .call(from, dialed, "Caller Realname").dial(sandbox);
    }

    private static List<Integer> finals(SippPhone phone) {
        return phone.received().stream().filter(m -> !m.isRequest() && m.method().equals("INVITE"))
                .map(SipMessage::status).filter(s -> s >= 200).toList();
    }

    private static List<SipMessage> invites(SippPhone phone) {
        return phone.received().stream().filter(m -> m.isRequest() && m.method().equals("INVITE")).toList();
    }

    /** No message the phone received carries any of these numbers, in any shape. */
    private static void assertShownNothingOf(SippPhone phone, String... realNumbers) {
        for (SipMessage m : phone.received()) {
            for (String n : realNumbers) {
                String national = n.replace("+", "").substring(2);
                assertFalse(m.raw().contains(national), () -> "leaked " + n + " in:\n" + m.raw());
            }
        }
    }

    /** Nor the caller's display name, on the callee's side. */
    private static void assertCalleeShownNothingOf(SippPhone callee, String caller) {
        assertShownNothingOf(callee, caller);
        for (SipMessage m : callee.received()) {
            assertFalse(m.raw().contains("Caller Realname"), () -> "leaked the caller's name in:\n" + m.raw());
        }
    }

    private static List<JsonNode> requests(String path) {
        return backend.received().stream().filter(r -> r.path().equals(path)).map(WebhookReceiver.Received::json).toList();
    }

    /** A call that must be refused with {@code status} before anyone is dialed. */
    private static CallRecord assertRefused(Sandbox sandbox, String from, String dialed, int status, String cause) throws Exception {
        try (SippPhone callee = callee(sandbox); SippPhone caller = caller(sandbox, from, dialed)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(List.of(status), finals(caller), caller.transcript());
            CallRecord r = maskline.awaitFinishedCall(from, DEADLINE); // the row ends after every leg is gone
            assertEquals(List.of(), invites(callee), "nobody was dialed");
            assertEquals(CallOutcome.REJECTED, r.outcome(), r.toString());
            assertEquals(cause, r.hangupCause());
            assertNull(r.callee());
            assertNull(r.answeredAt());
            return r;
        }
    }

    /** A call that must reach {@code to}, shown {@code shownToCallee}; returns the callee's INVITE. */
    private static SipMessage assertConnected(Sandbox sandbox, String from, String dialed, String to, String shownToCallee)
            throws Exception {
        try (SippPhone callee = callee(sandbox); SippPhone caller = caller(sandbox, from, dialed)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            assertEquals(List.of(200), finals(caller), caller.transcript());
            SipMessage invite = invites(callee).getFirst();
            assertEquals(to, invite.requestUser());
            assertEquals(shownToCallee, invite.headerUser("From").orElseThrow());
            assertEquals(shownToCallee, invite.headerUser("P-Asserted-Identity").orElseThrow());
            assertCalleeShownNothingOf(callee, from);
            assertShownNothingOf(caller, to);
            CallRecord r = maskline.awaitFinishedCall(from, DEADLINE);
            assertEquals(CallOutcome.COMPLETED, r.outcome());
            assertEquals(to, r.callee());
            return invite;
        }
    }

    // ---- intercept ---------------------------------------------------------------------------

    @Test
    void interceptAnswering403BlocksTheCallAndNobodyIsDialed(Sandbox sandbox) throws Exception {
        hooks(true, false, false, false);
        backend.on("/intercept", q -> Reply.status(403));
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        CallRecord r = assertRefused(sandbox, rider, CallFixture.proxyOf(s, rider), 403, "intercept_blocked");
        JsonNode asked = requests("/intercept").getLast();
        assertEquals("call", asked.get("kind").asText());
        assertEquals(r.id(), asked.get("id").asText());
        assertEquals(s.id(), asked.get("sessionId").asText());
        assertEquals(rider, asked.get("caller").asText());
        assertEquals(driver, asked.get("callee").asText());
        assertEquals(CallFixture.proxyOf(s, rider), asked.get("dialed").asText());
    }

    @Test
    void interceptAnsweringAnythingElseLetsTheCallThrough(Sandbox sandbox) throws Exception {
        hooks(true, false, false, false);
        backend.on("/intercept", q -> Reply.json(500, "{\"oops\":true}"));
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        int before = requests("/intercept").size();
        assertConnected(sandbox, rider, CallFixture.proxyOf(s, rider), driver, CallFixture.proxyOf(s, driver));
        assertEquals(before + 1, requests("/intercept").size(), "asked once");
    }

    @Test
    void interceptTimeoutProceedsWhenSoConfigured(Sandbox sandbox) throws Exception {
        hooks(true, false, false, false, SHORT);
        backend.on("/intercept", q -> new Reply(403, "", SHORT.multipliedBy(3))); // a 403 that comes too late
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        assertConnected(sandbox, rider, CallFixture.proxyOf(s, rider), driver, CallFixture.proxyOf(s, driver));
    }

    @Test
    void interceptTimeoutBlocksWhenSoConfigured(Sandbox sandbox) throws Exception {
        hooks(true, true, false, false, SHORT);
        backend.on("/intercept", q -> new Reply(200, "", SHORT.multipliedBy(3)));
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        assertRefused(sandbox, rider, CallFixture.proxyOf(s, rider), 403, "intercept_blocked");
    }

    // ---- routing webhook -----------------------------------------------------------------------

    @Test
    void routingConnectDialsWhomTheBackendSaysShowingThePoolNumberItChose(Sandbox sandbox) throws Exception {
        hooks(false, false, true, false);
        String caller = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        backend.on("/route", q -> Reply.json(200, "{\"action\":\"connect\",\"to\":\"" + driver + "\",\"callerId\":\""
                + CallFixture.POOL_B + "\",\"record\":false}"));
        assertConnected(sandbox, caller, CallFixture.POOL_A, driver, CallFixture.POOL_B);
        JsonNode asked = requests("/route").getLast();
        assertEquals(caller, asked.get("caller").asText());
        assertEquals(CallFixture.POOL_A, asked.get("dialed").asText());
        assertFalse(asked.get("callId").asText().isEmpty());
    }

    @Test
    void routingConnectWithACallerIdOutsideThePoolIsRefused(Sandbox sandbox) throws Exception {
        hooks(false, false, true, false);
        String caller = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        // The caller's own number as caller ID would tell the callee who calls: never.
        backend.on("/route", q -> Reply.json(200, "{\"action\":\"connect\",\"to\":\"" + driver + "\",\"callerId\":\""
                + caller + "\"}"));
        assertRefused(sandbox, caller, CallFixture.POOL_A, 403, "route_callerid_not_pool");
    }

    @Test
    void routingRejectRefusesTheCall(Sandbox sandbox) throws Exception {
        hooks(false, false, true, false);
        backend.on("/route", q -> Reply.json(200, "{\"action\":\"reject\"}"));
        assertRefused(sandbox, CallFixture.freshNumber(), CallFixture.POOL_A, 403, "route_rejected");
    }

    @Test
    void routingForwardSendsTheCallToTheSupportLine(Sandbox sandbox) throws Exception {
        hooks(false, false, true, false);
        String support = CallFixture.freshNumber();
        backend.on("/route", q -> Reply.json(200, "{\"action\":\"forward\",\"to\":\"" + support + "\"}"));
        assertConnected(sandbox, CallFixture.freshNumber(), CallFixture.POOL_B, support, CallFixture.POOL_B);
    }

    @Test
    void routingSessionOpensASessionOnTheFlyAndConnectsTheCallInIt(Sandbox sandbox) throws Exception {
        hooks(false, false, true, false);
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        backend.on("/route", q -> Reply.json(200, "{\"action\":\"session\",\"participants\":[{\"number\":\"" + rider
                + "\",\"label\":\"rider\"},\"" + driver + "\"],\"ttlSeconds\":600}"));
        int asked = requests("/route").size();
        try (SippPhone callee = callee(sandbox); SippPhone caller = caller(sandbox, rider, CallFixture.POOL_A)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            assertEquals(List.of(200), finals(caller), caller.transcript());
            Session s = maskline.store.sessions().findByParticipant(rider, Optional.of(SessionStatus.OPEN)).getFirst();
            assertEquals("rider", s.participants().getFirst().label());
            SipMessage invite = invites(callee).getFirst();
            assertEquals(driver, invite.requestUser());
            assertEquals(CallFixture.proxyOf(s, driver), invite.headerUser("From").orElseThrow(),
                    "the driver sees the number they know the rider by in the new session");
            assertCalleeShownNothingOf(callee, rider);
            assertShownNothingOf(caller, driver);
            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(s.id(), r.sessionId(), "the call belongs to the new session");
        }
        assertEquals(asked + 1, requests("/route").size());
        // The session now routes by itself: in fallback mode the backend is not asked again.
        Session s = maskline.store.sessions().findByParticipant(rider, Optional.of(SessionStatus.OPEN)).getFirst();
        assertConnected(sandbox, rider, CallFixture.proxyOf(s, rider), driver, CallFixture.proxyOf(s, driver));
        assertEquals(asked + 1, requests("/route").size(), "an open session routes without the webhook");
    }

    @Test
    void routingTimeoutFailsClosed(Sandbox sandbox) throws Exception {
        hooks(false, false, true, false, SHORT);
        String driver = CallFixture.freshNumber();
        backend.on("/route", q -> new Reply(200, "{\"action\":\"connect\",\"to\":\"" + driver + "\",\"callerId\":\""
                + CallFixture.POOL_B + "\"}", SHORT.multipliedBy(3)));
        assertRefused(sandbox, CallFixture.freshNumber(), CallFixture.POOL_A, 503, "route_timeout");
    }

    @Test
    void routingAnswerThatIsNoActionFailsClosed(Sandbox sandbox) throws Exception {
        hooks(false, false, true, false);
        backend.on("/route", q -> Reply.json(200, "{\"action\":\"dial\",\"to\":\"+34600000001\"}"));
        assertRefused(sandbox, CallFixture.freshNumber(), CallFixture.POOL_A, 503, "route_invalid_answer");
    }

    @Test
    void routingMenuGetsTheUnroutableTreatmentUntilThereIsAMenu(Sandbox sandbox) throws Exception {
        hooks(false, false, true, false);
        backend.on("/route", q -> Reply.json(200, "{\"action\":\"menu\"}"));
        String caller = CallFixture.freshNumber();
        try (SippPhone caller1 = caller(sandbox, caller, CallFixture.POOL_A)) {
            assertEquals(0, caller1.awaitExit(DEADLINE), caller1.transcript());
            assertEquals(List.of(404), finals(caller1), "MASKLINE_UNROUTABLE=reject: " + caller1.transcript());
        }
        assertEquals("unroutable", maskline.awaitFinishedCall(caller, DEADLINE).hangupCause());
    }

    @Test
    void inModeAlwaysTheBackendDecidesEvenWhenASessionRoutes(Sandbox sandbox) throws Exception {
        hooks(true, false, true, true);
        backend.on("/intercept", q -> Reply.status(204));
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        backend.on("/route", q -> Reply.json(200, "{\"action\":\"reject\"}"));
        assertRefused(sandbox, rider, CallFixture.proxyOf(s, rider), 403, "route_rejected");
    }
}
