package org.maskline.it.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.maskline.it.menu.MenuPhones.assertCalleeShownNothingOf;
import static org.maskline.it.menu.MenuPhones.assertShownNothingOf;
import static org.maskline.it.menu.MenuPhones.caller;
import static org.maskline.it.menu.MenuPhones.callees;
import static org.maskline.it.menu.MenuPhones.keys;
import static org.maskline.it.menu.MenuPhones.requests;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.calls.AfterTrip;
import org.maskline.calls.CallbackCall;
import org.maskline.callbacks.Callback;
import org.maskline.callbacks.CallbackDialer;
import org.maskline.callbacks.CallbackService;
import org.maskline.callbacks.CallbackSettings;
import org.maskline.callbacks.CallbackStatus;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.it.menu.MenuPhones.Dtmf;
import org.maskline.sessions.Session;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;

/**
 * Availability and the callback, end to end through the real sandbox: the rider calls a driver who
 * is off shift, books a callback in the menu; the driver comes back on shift; Maskline calls the
 * rider (showing the rider's proxy), says "connecting you", calls the driver (showing the driver's
 * proxy) and bridges them. Both phones' every message is checked for the other's real number.
 */
@ExtendWith(SandboxExtension.class)
class CallbackIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final CallbackSettings SETTINGS =
            new CallbackSettings(2, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofMillis(200));
    private static CallFixture maskline;
    private static CallbackDialer dialer;

    @BeforeAll
    static void up() throws Exception {
        maskline = CallFixture.start(CallFixture.settings());
        MenuPhones.installShortPrompts(Sandbox.get());
        maskline.use(CallFixture.settings(), new AfterTrip(MenuIT.menus(),
                new CallbackService(maskline.store.callbacks(), SETTINGS, Clock.systemUTC())));
        dialer = new CallbackDialer(maskline.store.callbacks(), SETTINGS, "callback-it", () -> true,
                (callId, cb, onEnd) -> {
                    maskline.router().placeCallback(callId, new CallbackCall(cb.id(), cb.sessionId(), cb.requester(),
                            cb.requesterProxy(), cb.target(), cb.targetProxy(), r -> onEnd.accept(r.connected())));
                    return true;
                }, Clock.systemUTC()).start();
    }

    /** A test that failed half-way must not leave a request that the next test's phones would be called for. */
    @org.junit.jupiter.api.AfterEach
    void cancelLeftovers() {
        for (CallbackStatus open : List.of(CallbackStatus.PENDING, CallbackStatus.CALLING)) {
            maskline.store.callbacks().page(java.util.Optional.of(open), 1000, java.util.Optional.empty()).items()
                    .forEach(cb -> maskline.store.callbacks().cancel(cb.id()));
        }
    }

    private double[] promptProblems;

    @org.junit.jupiter.api.BeforeEach
    void countPrompts() {
        promptProblems = MenuPhones.promptProblems();
    }

    /** Every prompt of the test was heard as recorded: no missing sound, recording or codec. */
    @org.junit.jupiter.api.AfterEach
    void everyPromptWasPlayed() {
        MenuPhones.assertEveryPromptPlayed(promptProblems);
    }

    @AfterAll
    static void down() {
        if (dialer != null) dialer.close();
        if (maskline != null) maskline.close();
    }

    @Test
    void anAvailabilityFlipCallsTheRequesterThenTheTargetAndBridgesThemMasked(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        String riderProxy = CallFixture.proxyOf(s, rider);
        String driverProxy = CallFixture.proxyOf(s, driver);
        maskline.store.availability().set(driver, false, null);

        // 1. The driver is off shift: the rider's call gets the menu, and key 1 books a callback.
        try (SippPhone caller = caller(sandbox, rider, riderProxy, keys(Dtmf.RFC4733, MenuIT.FIRST, 0, "1"), 20_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(1, requests(caller, "BYE").size(), "thanked and hung up: " + caller.transcript());
            assertShownNothingOf(caller.received(), driver);
        }
        CallRecord menuCall = maskline.awaitFinishedCall(rider, DEADLINE);
        assertEquals(CallOutcome.MENU, menuCall.outcome(), menuCall.toString());
        assertEquals("callback", menuCall.menuChoice());
        assertEquals(s.id(), menuCall.sessionId());
        Callback cb = maskline.store.callbacks().find(menuCall.callbackId()).orElseThrow();
        assertEquals(CallbackStatus.PENDING, cb.status());
        assertEquals(rider, cb.requester());
        assertEquals(driver, cb.target());
        assertEquals(0, cb.attempts(), "nothing is placed while the driver is off shift");

        // 2. The driver is back: the callback places both legs, requester first.
        try (SippPhone phones = callees(sandbox, 2, 200, 2_000)) {
            maskline.store.availability().set(driver, true, null);
            assertEquals(0, phones.awaitExit(DEADLINE), phones.transcript());

            List<SipMessage> invites = requests(phones, "INVITE").stream()
                    .filter(m -> m.header("To").map(t -> !t.contains("tag=")).orElse(true)).toList();
            assertEquals(List.of(rider, driver), invites.stream().map(SipMessage::requestUser).toList(),
                    "the requester is called first, then the target");
            SipMessage toRider = invites.get(0);
            SipMessage toDriver = invites.get(1);
            assertEquals(riderProxy, toRider.headerUser("From").orElseThrow(), "the rider sees the number they know the driver by");
            assertEquals(riderProxy, toRider.headerUser("P-Asserted-Identity").orElseThrow());
            assertEquals(driverProxy, toDriver.headerUser("From").orElseThrow(), "the driver sees the number they know the rider by");
            assertEquals(driverProxy, toDriver.headerUser("P-Asserted-Identity").orElseThrow());

            Map<String, List<SipMessage>> dialogs = MenuPhones.dialogs(phones);
            List<SipMessage> riderSaw = dialogs.get(toRider.header("Call-ID").orElseThrow());
            List<SipMessage> driverSaw = dialogs.get(toDriver.header("Call-ID").orElseThrow());
            assertNotNull(riderSaw);
            assertNotNull(driverSaw);
            assertShownNothingOf(riderSaw, driver);
            assertCalleeShownNothingOf(driverSaw, rider);
            assertEquals(1, riderSaw.stream().filter(m -> m.isRequest() && m.method().equals("BYE")).count()
                    + driverSaw.stream().filter(m -> m.isRequest() && m.method().equals("BYE")).count(),
                    "one phone hung up, the other was hung up by Maskline");
        }
        Callback done = awaitStatus(cb.id(), CallbackStatus.COMPLETED);
        assertEquals(1, done.attempts());
        CallRecord placed = maskline.callsFrom(rider).stream().filter(r -> cb.id().equals(r.callbackId()) && r.menuChoice() == null)
                .filter(r -> r.outcome() != null).findFirst().orElseThrow(() -> new AssertionError(maskline.callsFrom(rider)));
        assertEquals(CallOutcome.COMPLETED, placed.outcome(), placed.toString());
        assertEquals(s.id(), placed.sessionId(), "the callback's call is linked to its session");
        assertEquals(driver, placed.callee());
        assertNotNull(placed.answeredAt(), "the driver answered");
    }

    @Test
    void aRequesterWhoNeverAnswersUsesUpTheAttemptsAndTheRequestFails(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        maskline.store.availability().set(driver, false, null);
        try (SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), keys(Dtmf.SIP_INFO, MenuIT.FIRST, 0, "1"), 20_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
        }
        String id = maskline.awaitFinishedCall(rider, DEADLINE).callbackId();
        // The rider's phone turns both attempts down (busy); the driver is never called.
        try (SippPhone busy = SippPhone.scenario("callee-busy").port(Sandbox.CARRIER_PORT).arg("-m", "2").listen(sandbox)) {
            maskline.store.availability().set(driver, true, null);
            assertEquals(0, busy.awaitExit(DEADLINE), busy.transcript());
            assertTrue(requests(busy, "INVITE").stream().allMatch(m -> m.requestUser().equals(rider)), "only the requester is called");
        }
        Callback failed = awaitStatus(id, CallbackStatus.FAILED);
        assertEquals(2, failed.attempts(), "MASKLINE_CALLBACK_ATTEMPTS attempts, then failed");
        assertEquals(List.of(CallOutcome.BUSY, CallOutcome.BUSY), attemptsLogged(rider, id, 2),
                "each attempt is in the call log, with the requester's real outcome");
    }

    /** The outcomes of a callback's calls, once {@code n} of them are in the call log (written by another thread). */
    private static List<CallOutcome> attemptsLogged(String requester, String id, int n) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            List<CallOutcome> outcomes = maskline.callsFrom(requester).stream()
                    .filter(r -> id.equals(r.callbackId()) && r.menuChoice() == null && r.outcome() != null)
                    .map(CallRecord::outcome).toList();
            if (outcomes.size() >= n || System.nanoTime() > end) return outcomes;
            Thread.sleep(20); // polled with a deadline: the call log is written by its own thread
        }
    }

    private static Callback awaitStatus(String id, CallbackStatus status) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        BooleanSupplier reached = () -> maskline.store.callbacks().find(id).map(c -> c.status() == status).orElse(false);
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("callback " + id + " not " + status + " within " + DEADLINE + ": "
                        + maskline.store.callbacks().find(id));
            }
            Thread.sleep(20); // the store is written by the dialer's thread: polled with a deadline
        }
        return maskline.store.callbacks().find(id).orElseThrow();
    }

}
