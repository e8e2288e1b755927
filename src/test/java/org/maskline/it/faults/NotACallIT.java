package org.maskline.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.it.AriProbe;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SippPhone;
import org.maskline.sessions.Session;
import org.maskline.store.CallOutcome;

/**
 * A channel that enters the Stasis application but is no SIP call from the carrier (a SIP
 * MESSAGE's Message/ast_msg_queue channel, a Local channel, an originate) is let go at once and
 * never routed; the calls after it still connect.
 */
@ExtendWith(SandboxExtension.class)
class NotACallIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static CallFixture maskline;

    @BeforeAll
    static void up() throws Exception {
        maskline = CallFixture.start(CallFixture.settings());
    }

    @AfterAll
    static void down() {
        if (maskline != null) maskline.close();
    }

    @Test
    void aLocalChannelInStasisIsLetGoAndNeverRouted(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        int rowsBefore = maskline.store.calls().search(Optional.empty(), Optional.empty(), 1000).size();
        try (AriProbe ari = new AriProbe();
             SippPhone callee = GapIT.callees(sandbox, 1, 100, 60_000)) {
            // Both halves of the Local channel end up in Stasis(maskline): ;1 by the originate, ;2 by the
            // dialplan, dialing a service number with the caller ID of a participant, as a forged one would.
            String endpoint = "Local/" + CallFixture.proxyOf(s, rider).replace("+", "%2B") + "@maskline";
            ari.post("/channels?endpoint=" + endpoint + "&app=" + Sandbox.ARI_APP
                    + "&callerId=" + rider.replace("+", "%2B") + "&channelId=nocall-1&otherChannelId=nocall-2");
            List<String> left = ari.awaitEmpty(DEADLINE);
            assertTrue(left.isEmpty(), "let go at once: " + left);
            assertEquals(0, maskline.router().activeCalls());
            assertEquals(rowsBefore, maskline.store.calls().search(Optional.empty(), Optional.empty(), 1000).size(),
                    "no call-log row for something that is no call");
            assertTrue(callee.received().isEmpty(), "nobody was dialed");

            // A real call right after still connects.
            try (SippPhone caller = GapIT.caller(sandbox, rider, CallFixture.proxyOf(s, rider), 1_000)) {
                assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
                assertEquals(CallOutcome.COMPLETED, maskline.awaitFinishedCall(rider, DEADLINE).outcome());
            }
        }
    }
}
