package org.maskline.it.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.agi.AgiService;
import org.maskline.config.HostPort;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;
import org.maskline.testsupport.WebhookReceiver;
import org.maskline.testsupport.WebhookReceiver.Reply;
import org.maskline.webhooks.CallHooks;
import org.maskline.webhooks.Intercept;

/** The FastAGI path asks the same hooks: an intercept's 403 refuses the call there too, and the routing webhook routes. */
@ExtendWith(SandboxExtension.class)
class AgiHooksIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String SECRET = "whsec-agi-0123456789abcdef";
    private static final String AGI_PHONE = "127.0.0.2";
    private static Store store;
    private static AgiService agi;
    private static WebhookReceiver backend;

    @BeforeAll
    static void up() throws Exception {
        Sandbox.get();
        store = Store.open(new StoreSettings("jdbc:h2:mem:agi-hooks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "", 4, Duration.ofDays(1)), Clock.systemUTC());
        store.numbers().add(CallFixture.POOL_A);
        store.numbers().add(CallFixture.POOL_B);
        backend = new WebhookReceiver(SECRET, 0).start();
        Duration t = Duration.ofSeconds(2); // generous: no timeout is under test here, and a cold JVM is slow
        var hooks = new CallHooks(Optional.of(new CallHooks.Routing(backend.url("/route"), false, t)),
                Optional.of(new Intercept(backend.url("/intercept"), SECRET, t, false, Clock.systemUTC())), SECRET,
                store.routes(), new SessionPolicy("ES", Duration.ofHours(1), Clock.systemUTC()), store.sessions()::create,
                Clock.systemUTC());
        agi = AgiService.start(new HostPort("127.0.0.1", 4573), List.of("127.0.0.1"), store.routes(), "PJSIP/{number}@trunk",
                "ES", 5, hooks);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", 4573), 200);
                break;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > end) throw new AssertionError("FastAGI did not listen");
                Thread.sleep(20); // polling a port with a deadline: the server announces nothing
            }
        }
    }

    @AfterAll
    static void down() {
        if (agi != null) agi.close();
        if (backend != null) backend.close();
        if (store != null) store.close();
    }

    @AfterEach
    void signed() {
        assertEquals(List.of(), backend.badSignatures());
    }

    private static List<Integer> finals(SippPhone p) {
        return p.received().stream().filter(m -> !m.isRequest() && m.method().equals("INVITE")).map(SipMessage::status)
                .filter(c -> c >= 200).toList();
    }

    @Test
    void anInterceptThatAnswers403RefusesTheCallAndNobodyIsDialed(Sandbox sandbox) throws Exception {
        backend.on("/intercept", q -> Reply.status(403));
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = store.sessions().create(new NewSession(new NewParticipant(rider, "rider"), new NewParticipant(driver, "driver"),
                Instant.now().plus(Duration.ofHours(1)), null));
        try (SippPhone callee = SippPhone.scenario("callee").fill("RING_MS", 200).fill("HOLD_MS", 1_000)
                     .port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox);
             SippPhone caller = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_000)
                     .localIp(AGI_PHONE).call(rider, CallFixture.proxyOf(s, rider), "Rider").dial(sandbox)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(List.of(503), finals(caller), "the sample dialplan refuses a FAILED route with 503: " + caller.transcript());
            assertTrue(callee.received().isEmpty(), "nobody was dialed");
        }
        assertEquals(s.id(), backend.received().stream().filter(r -> r.path().equals("/intercept")).toList().getLast()
                .json().get("sessionId").asText());
    }

    @Test
    void theRoutingWebhookRoutesAnFastAgiCall(Sandbox sandbox) throws Exception {
        String caller = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        backend.on("/route", q -> Reply.json(200, "{\"action\":\"connect\",\"to\":\"" + driver + "\",\"callerId\":\""
                + CallFixture.POOL_B + "\"}"));
        try (SippPhone callee = SippPhone.scenario("callee").fill("RING_MS", 200).fill("HOLD_MS", 60_000)
                     .port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox);
             SippPhone phone = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_000)
                     .localIp(AGI_PHONE).call(caller, CallFixture.POOL_A, "Caller Realname").dial(sandbox)) {
            assertEquals(0, phone.awaitExit(DEADLINE), phone.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            assertEquals(List.of(200), finals(phone), phone.transcript());
            SipMessage invite = callee.received().stream().filter(m -> m.isRequest() && m.method().equals("INVITE"))
                    .findFirst().orElseThrow();
            assertEquals(driver, invite.requestUser());
            assertEquals(CallFixture.POOL_B, invite.headerUser("From").orElseThrow());
            for (SipMessage m : callee.received()) {
                assertFalse(m.raw().contains(caller.substring(3)), () -> "leaked the caller's number:\n" + m.raw());
                assertFalse(m.raw().contains("Caller Realname"), () -> "leaked the caller's name:\n" + m.raw());
            }
            for (SipMessage m : phone.received()) {
                assertFalse(m.raw().contains(driver.substring(3)), () -> "leaked the callee's number:\n" + m.raw());
            }
        }
    }
}
