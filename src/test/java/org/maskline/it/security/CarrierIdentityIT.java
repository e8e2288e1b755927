package org.maskline.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.sessions.Session;

/**
 * Issue 10, attack 1: anyone posing as the carrier. The carrier is identified by its address
 * only; From: trunk and a participant's number in P-Asserted-Identity from any other address get
 * 401/403, never reach the dialplan, and dial nobody.
 */
@ExtendWith(SandboxExtension.class)
class CarrierIdentityIT {
    private static Attack attack;

    @BeforeAll
    static void up() throws Exception {
        attack = Attack.start(Map.of());
    }

    @AfterAll
    static void down() {
        if (attack != null) attack.close();
    }

    private static SippPhone intruder(Sandbox sandbox, String ip, String fromUser, String dialed, String claimed) throws Exception {
        return SippPhone.scenario("intruder").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_000)
                .localIp(ip).call(fromUser, dialed, claimed).dial(sandbox);
    }

    @Test
    void aStrangerPosingAsTheTrunkWithAParticipantsNumberIsRefusedAndNobodyIsDialed(Sandbox sandbox) throws Exception {
        String rider = Attack.freshNumber();
        String driver = Attack.freshNumber();
        Session s = attack.openSession(rider, driver);
        long before = Attack.callsProcessed(sandbox);
        try (SippPhone callee = Attack.callees(sandbox, 1);
             SippPhone intruder = intruder(sandbox, Attack.STRANGER, "trunk", Attack.proxyOf(s, rider), rider)) {
            assertEquals(0, intruder.awaitExit(Attack.DEADLINE), intruder.transcript());
            List<Integer> got = Attack.responses(intruder);
            assertTrue(got.equals(List.of(401)) || got.equals(List.of(403)),
                    () -> "a stranger must get 401 or 403 and nothing else, got " + got + ":\n" + intruder.transcript());
            assertEquals(before, Attack.callsProcessed(sandbox), "the stranger's INVITE reached the dialplan");
            assertTrue(callee.received().isEmpty(), () -> "the counterpart's phone was dialed:\n" + callee.transcript());
        }
    }

    /** What sipvicious' svmap learns: a challenge that names no product and no version. */
    @Test
    void aScannersOptionsAreChallengedAndNameNoProduct(Sandbox sandbox) throws Exception {
        try (SippPhone scanner = SippPhone.scenario("options-probe").localIp(Attack.STRANGER).call("scanner", "100", "-")
                .dial(sandbox)) {
            assertEquals(0, scanner.awaitExit(Attack.DEADLINE), scanner.transcript());
            SipMessage answer = scanner.received().stream().filter(m -> !m.isRequest()).reduce((a, b) -> b).orElseThrow();
            assertEquals(401, answer.status(), scanner.transcript());
            String headers = String.join("\n", answer.headers()).toLowerCase();
            assertFalse(headers.contains("asterisk"), () -> "the answer names the product:\n" + answer.raw());
            assertFalse(headers.matches("(?s).*(server|user-agent):[^\\n]*\\d.*"), () -> "the answer carries a version:\n" + answer.raw());
        }
    }

    /** The control: the very same INVITE from the carrier's address is a call (and its PAI is believed). */
    @Test
    void theSameInviteFromTheCarriersAddressIsRoutedByItsAssertedIdentity(Sandbox sandbox) throws Exception {
        String rider = Attack.freshNumber();
        String driver = Attack.freshNumber();
        Session s = attack.openSession(rider, driver);
        try (SippPhone callee = Attack.callees(sandbox, 1);
             SippPhone carrier = intruder(sandbox, Attack.CARRIER, "anonymous", Attack.proxyOf(s, rider), rider)) {
            assertEquals(0, carrier.awaitExit(Attack.DEADLINE), carrier.transcript());
            assertEquals(List.of(200), Attack.finalResponses(carrier), carrier.transcript());
            assertEquals(0, callee.awaitExit(Attack.DEADLINE), callee.transcript());
            SipMessage invite = callee.received().stream().filter(m -> m.isRequest() && m.method().equals("INVITE"))
                    .findFirst().orElseThrow();
            assertEquals(driver, invite.requestUser());
        }
    }
}
