package org.maskline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.agi.AgiService;
import org.maskline.config.HostPort;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;

/**
 * The FastAGI path through the real sandbox: calls from 127.0.0.2 enter [maskline-agi], which asks
 * Maskline's AGI service for the route and dials by itself. The same privacy rule holds.
 */
@ExtendWith(SandboxExtension.class)
class AgiCallIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String AGI_PHONE = "127.0.0.2";
    private static Store store;
    private static AgiService agi;

    @BeforeAll
    static void up() throws Exception {
        Sandbox.get();
        store = Store.open(new StoreSettings("jdbc:h2:mem:agi-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "", 4, Duration.ofDays(1)), Clock.systemUTC());
        store.numbers().add(CallFixture.POOL_A);
        store.numbers().add(CallFixture.POOL_B);
        agi = AgiService.start(new HostPort("127.0.0.1", 4573), List.of("127.0.0.1"), store.routes(), "PJSIP/{number}@trunk", "ES", 5);
        awaitListening(4573);
    }

    @AfterAll
    static void down() {
        if (agi != null) agi.close();
        if (store != null) store.close();
    }

    private static void awaitListening(int port) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(20); // polling a port with a deadline: the server announces nothing
            }
        }
        throw new AssertionError("the FastAGI service did not listen on " + port);
    }

    private static Session openSession(String a, String b) {
        return store.sessions().create(new NewSession(new NewParticipant(a, "rider"), new NewParticipant(b, "driver"),
                Instant.now().plus(Duration.ofHours(1)), null));
    }

    @Test
    void aRoutedCallReachesTheCalleeShowingOnlyTheProxyNumber(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = openSession(rider, driver);
        try (SippPhone callee = SippPhone.scenario("callee").fill("RING_MS", 200).fill("HOLD_MS", 60_000)
                     .port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox);
             SippPhone caller = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_000)
                     .localIp(AGI_PHONE).call(rider, CallFixture.proxyOf(s, rider), "Alice Realname").dial(sandbox)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
            SipMessage invite = callee.received().stream().filter(m -> m.isRequest() && m.method().equals("INVITE"))
                    .findFirst().orElseThrow();
            assertEquals(driver, invite.requestUser());
            assertEquals(CallFixture.proxyOf(s, driver), invite.headerUser("From").orElseThrow());
            assertEquals(CallFixture.proxyOf(s, driver), invite.headerUser("P-Asserted-Identity").orElseThrow());
            for (SipMessage m : callee.received()) {
                assertFalse(m.raw().contains(rider.substring(3)), () -> "leaked the caller's number:\n" + m.raw());
                assertFalse(m.raw().contains("Alice Realname"), () -> "leaked the caller's name:\n" + m.raw());
            }
            for (SipMessage m : caller.received()) {
                assertFalse(m.raw().contains(driver.substring(3)), () -> "leaked the callee's number:\n" + m.raw());
            }
            assertTrue(caller.received().stream().anyMatch(m -> m.status() == 200 && m.method().equals("INVITE")));
        }
    }

    @Test
    void anUnknownCallerIsRejectedWith404AndNobodyIsDialed(Sandbox sandbox) throws Exception {
        try (SippPhone callee = SippPhone.scenario("callee").fill("RING_MS", 200).fill("HOLD_MS", 1_000)
                     .port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox);
             SippPhone caller = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_000)
                     .localIp(AGI_PHONE).call(CallFixture.freshNumber(), CallFixture.POOL_A, "Stranger").dial(sandbox)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            List<Integer> finals = caller.received().stream().filter(m -> !m.isRequest() && m.method().equals("INVITE"))
                    .map(SipMessage::status).filter(c -> c >= 200).toList();
            assertEquals(List.of(404), finals, caller.transcript());
            assertTrue(callee.received().isEmpty(), "nobody was dialed");
        }
    }
}
