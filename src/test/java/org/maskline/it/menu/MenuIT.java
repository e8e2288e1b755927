package org.maskline.it.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.maskline.it.menu.MenuPhones.assertCalleeShownNothingOf;
import static org.maskline.it.menu.MenuPhones.assertShownNothingOf;
import static org.maskline.it.menu.MenuPhones.caller;
import static org.maskline.it.menu.MenuPhones.callees;
import static org.maskline.it.menu.MenuPhones.finalResponses;
import static org.maskline.it.menu.MenuPhones.keys;
import static org.maskline.it.menu.MenuPhones.requests;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.calls.AfterTrip;
import org.maskline.callbacks.CallbackService;
import org.maskline.callbacks.CallbackSettings;
import org.maskline.config.Unroutable;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.it.menu.MenuPhones.Dtmf;
import org.maskline.menu.MenuSettings;
import org.maskline.menu.Operator;
import org.maskline.menu.Prompts;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;

/**
 * The voice menu through the real sandbox: SIPp callers press keys (RFC 4733 events from SIPp's own
 * recordings, or SIP INFO), SIPp plays the other party and the operator, and every assertion about
 * what a phone was shown is made on the messages it received.
 */
@ExtendWith(SandboxExtension.class)
class MenuIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    static final String OPERATOR = "+15559000";
    static final String CONTACT_CENTRE = "+15558888";
    /** Well above the pause before a test phone's first key (700 ms), so a key never races the timeout. */
    static final Duration KEY_TIMEOUT = Duration.ofSeconds(2);
    static final long FIRST = 700;
    static final long GAP = 500;
    private static CallFixture maskline;

    @BeforeAll
    static void up() throws Exception {
        maskline = CallFixture.start(CallFixture.settings());
        MenuPhones.installShortPrompts(Sandbox.get());
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
        if (maskline != null) maskline.close();
    }

    static MenuSettings menus() {
        return new MenuSettings(Optional.of(new Operator(OPERATOR, false)), new Prompts(Optional.of(MenuPhones.PROMPTS_DIR)),
                KEY_TIMEOUT, false, Optional.empty());
    }

    private static void use(MenuSettings menus) {
        maskline.use(CallFixture.settings(), new AfterTrip(menus, new CallbackService(maskline.store.callbacks(),
                new CallbackSettings(2, Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofMillis(200)), Clock.systemUTC())));
    }

    /** A session between rider and driver, closed just now, whose participants may call for another minute. */
    private static Session endedWithWindow(String rider, String driver, int recontactSeconds) {
        Session s = maskline.store.sessions().create(new NewSession(new NewParticipant(rider, "rider"),
                new NewParticipant(driver, "driver"), Instant.now().plus(Duration.ofHours(1)), null, recontactSeconds));
        maskline.store.sessions().close(s.id());
        return s;
    }

    // ---- the recontact window -----------------------------------------------------------------

    @Test
    void insideTheWindowKey1ReachesTheOtherPartyAgainMasked(Sandbox sandbox) throws Exception {
        use(menus());
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = endedWithWindow(rider, driver, 60);
        String riderProxy = CallFixture.proxyOf(s, rider);
        String driverProxy = CallFixture.proxyOf(s, driver);
        try (SippPhone callee = callees(sandbox, 1, 200, 60_000);
             SippPhone caller = caller(sandbox, rider, riderProxy, keys(Dtmf.RFC4733, FIRST, 0, "1"), 2_500)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());

            SipMessage invite = requests(callee, "INVITE").getFirst();
            assertEquals(driver, invite.requestUser(), "the other party's real number is dialed");
            assertEquals(driverProxy, invite.headerUser("From").orElseThrow(), "they see the proxy they know the rider by");
            assertEquals(driverProxy, invite.headerUser("P-Asserted-Identity").orElseThrow());
            assertCalleeShownNothingOf(callee.received(), rider);
            assertShownNothingOf(caller.received(), driver);
            assertEquals(List.of(200), finalResponses(caller), "answered once, by the menu");

            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.COMPLETED, r.outcome(), r.toString());
            assertEquals("other_party", r.menuChoice());
            assertEquals(s.id(), r.sessionId(), "linked to its session");
            assertEquals(driver, r.callee());
            assertNotNull(r.answeredAt());
        }
    }

    @Test
    void key2ReachesTheOperatorWhoSeesTheCallersRealNumber(Sandbox sandbox) throws Exception {
        use(menus());
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = endedWithWindow(rider, driver, 60);
        String riderProxy = CallFixture.proxyOf(s, rider);
        try (SippPhone operator = callees(sandbox, 1, 200, 60_000);
             SippPhone caller = caller(sandbox, rider, riderProxy, keys(Dtmf.SIP_INFO, FIRST, 0, "2"), 2_500)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, operator.awaitExit(DEADLINE), operator.transcript());

            SipMessage invite = requests(operator, "INVITE").getFirst();
            assertEquals(OPERATOR, invite.requestUser());
            assertEquals(rider, invite.headerUser("From").orElseThrow(), "staff see who calls");
            assertCalleeShownNothingOf(operator.received(), driver);
            assertShownNothingOf(caller.received(), driver, OPERATOR);

            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.COMPLETED, r.outcome(), r.toString());
            assertEquals("operator", r.menuChoice());
            assertEquals(OPERATOR, r.callee());
            assertEquals(s.id(), r.sessionId());
        }
    }

    @Test
    void withOperatorSeesProxyTheOperatorIsShownOnlyTheNumberDialed(Sandbox sandbox) throws Exception {
        MenuSettings m = menus();
        use(m.withOperator(new Operator(OPERATOR, true)));
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = endedWithWindow(rider, driver, 60);
        String riderProxy = CallFixture.proxyOf(s, rider);
        try (SippPhone operator = callees(sandbox, 1, 200, 60_000);
             SippPhone caller = caller(sandbox, rider, riderProxy, keys(Dtmf.RFC4733, FIRST, 0, "2"), 2_500)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, operator.awaitExit(DEADLINE), operator.transcript());
            SipMessage invite = requests(operator, "INVITE").getFirst();
            assertEquals(riderProxy, invite.headerUser("From").orElseThrow());
            assertCalleeShownNothingOf(operator.received(), rider, driver);
            assertEquals("operator", maskline.awaitFinishedCall(rider, DEADLINE).menuChoice());
        }
    }

    @Test
    void aWrongKeyRepeatsTheMenuAndTheRightOneStillConnects(Sandbox sandbox) throws Exception {
        use(menus());
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = endedWithWindow(rider, driver, 60);
        try (SippPhone callee = callees(sandbox, 1, 200, 60_000);
             SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), keys(Dtmf.SIP_INFO, FIRST, GAP, "9", "1"), 2_500)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            assertEquals(driver, requests(callee, "INVITE").getFirst().requestUser());
            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.COMPLETED, r.outcome());
            assertEquals("other_party", r.menuChoice());
        }
    }

    @Test
    void wrongKeysThreeTimesEndTheCallPolitely(Sandbox sandbox) throws Exception {
        use(menus());
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = endedWithWindow(rider, driver, 60);
        try (SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider),
                // SIP INFO: SIPp's RFC 4733 recordings share one RTP timestamp, so Asterisk takes a second one as a repeat.
                keys(Dtmf.SIP_INFO, FIRST, GAP, "9", "3", "9"), 20_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(1, requests(caller, "BYE").size(), "Maskline hung up, after the goodbye: " + caller.transcript());
            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.MENU, r.outcome(), r.toString());
            assertEquals("none", r.menuChoice());
            assertNull(r.callee(), "nobody was dialed");
        }
    }

    @Test
    void noKeyRepeatsTheMenuTwiceThenEndsTheCallPolitely(Sandbox sandbox) throws Exception {
        use(menus());
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = endedWithWindow(rider, driver, 60);
        long started = System.nanoTime();
        try (SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), "", 20_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(1, requests(caller, "BYE").size(), "Maskline hung up: " + caller.transcript());
            // Three offers, each followed by the key timeout, before the goodbye: never sooner than three timeouts.
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(KEY_TIMEOUT.multipliedBy(3)) >= 0,
                    "the menu was offered three times");
            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.MENU, r.outcome(), r.toString());
            assertEquals("none", r.menuChoice());
            assertEquals("no_choice", r.hangupCause());
        }
    }

    @Test
    void outsideTheWindowTheUnroutableTreatmentAppliesAsBefore(Sandbox sandbox) throws Exception {
        use(menus());
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = endedWithWindow(rider, driver, 0);
        try (SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), "", 5_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(List.of(404), finalResponses(caller), "rejected, never answered");
            assertEquals(CallOutcome.REJECTED, maskline.awaitFinishedCall(rider, DEADLINE).outcome());
        }
    }

    // ---- MASKLINE_UNROUTABLE=menu -------------------------------------------------------------

    @Test
    void withUnroutableMenuAStrangerIsOfferedTheOperator(Sandbox sandbox) throws Exception {
        use(menus().withUnroutableMenu(true));
        String stranger = CallFixture.freshNumber();
        try (SippPhone operator = callees(sandbox, 1, 200, 60_000);
             SippPhone caller = caller(sandbox, stranger, CallFixture.POOL_A, keys(Dtmf.RFC4733, FIRST, 0, "2"), 2_500)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, operator.awaitExit(DEADLINE), operator.transcript());
            assertEquals(stranger, requests(operator, "INVITE").getFirst().headerUser("From").orElseThrow());
            CallRecord r = maskline.awaitFinishedCall(stranger, DEADLINE);
            assertEquals("operator", r.menuChoice());
            assertNull(r.sessionId());
        }
    }

    // ---- one contact-centre number ------------------------------------------------------------

    @Test
    void theContactCentreNumberRoutesByTheCallerAloneAndIsAllTheCalleeSees(Sandbox sandbox) throws Exception {
        use(menus().withFixedCallerId(CONTACT_CENTRE));
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        try (SippPhone callee = callees(sandbox, 1, 200, 60_000);
             SippPhone caller = caller(sandbox, rider, CONTACT_CENTRE, "", 1_500)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            SipMessage invite = requests(callee, "INVITE").getFirst();
            assertEquals(driver, invite.requestUser());
            assertEquals(CONTACT_CENTRE, invite.headerUser("From").orElseThrow(), "every callee sees the one number");
            assertEquals(CONTACT_CENTRE, invite.headerUser("P-Asserted-Identity").orElseThrow());
            assertCalleeShownNothingOf(callee.received(), rider);
            assertShownNothingOf(caller.received(), driver);
            CallRecord r = maskline.awaitFinishedCall(rider, DEADLINE);
            assertEquals(CallOutcome.COMPLETED, r.outcome());
            assertEquals(s.id(), r.sessionId());
            assertNull(r.menuChoice(), "straight through, no menu");
        }
    }

    @Test
    void anAmbiguousCallToTheContactCentreNumberGetsTheMenu(Sandbox sandbox) throws Exception {
        use(menus().withFixedCallerId(CONTACT_CENTRE));
        String courier = CallFixture.freshNumber();
        maskline.openSession(courier, CallFixture.freshNumber());
        maskline.openSession(courier, CallFixture.freshNumber());
        // The courier hangs up in the menu: nobody is dialed, and the call log says so.
        try (SippPhone caller = caller(sandbox, courier, CONTACT_CENTRE, "", 1_500)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(List.of(200), finalResponses(caller), "answered by the menu");
            CallRecord r = maskline.awaitFinishedCall(courier, DEADLINE);
            assertEquals(CallOutcome.MENU, r.outcome(), r.toString());
            assertEquals("hangup", r.menuChoice());
            assertNull(r.callee());
        }
    }

    // ---- the prompts ----------------------------------------------------------------------------

    @Test
    void everyDefaultPromptIsMadeOfSoundsAsteriskHas(Sandbox sandbox) throws Exception {
        for (org.maskline.menu.Prompt p : org.maskline.menu.Prompt.values()) {
            for (String sound : p.sounds()) {
                assertTrue(java.nio.file.Files.isRegularFile(MenuPhones.soundFile(sandbox, sound)),
                        p + " uses " + sound + ", which Debian's asterisk-core-sounds-en does not install");
            }
        }
    }

    @Test
    void aRecordingMissingFromThePromptsDirIsReplacedByAsterisksOwnSounds(Sandbox sandbox) throws Exception {
        java.nio.file.Files.createDirectories(sandbox.root().resolve("tmp/maskline-test-prompts-empty"));
        use(new MenuSettings(Optional.of(new Operator(OPERATOR, false)), new Prompts(Optional.of("/tmp/maskline-test-prompts-empty")),
                KEY_TIMEOUT, false, Optional.empty()));
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = endedWithWindow(rider, driver, 60);
        double playedBefore = MenuPhones.prompts("played");
        try (SippPhone operator = callees(sandbox, 1, 200, 60_000);
             SippPhone caller = caller(sandbox, rider, CallFixture.proxyOf(s, rider), keys(Dtmf.SIP_INFO, FIRST, 0, "2"), 5_000)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, operator.awaitExit(DEADLINE), operator.transcript());
        }
        assertEquals("operator", maskline.awaitFinishedCall(rider, DEADLINE).menuChoice());
        double[] problems = MenuPhones.promptProblems();
        assertEquals(promptProblems[0], problems[0], "nothing failed: Asterisk's sounds (GSM, decoded by codec_gsm) were played");
        assertTrue(problems[1] >= promptProblems[1] + 2, "the menu and 'connecting' fell back to Asterisk's sounds");
        assertTrue(MenuPhones.prompts("played") >= playedBefore + 1, "'connecting' was played whole, in Asterisk's voice");
        promptProblems = problems; // expected here: the fallback is what this test is about
    }
}
