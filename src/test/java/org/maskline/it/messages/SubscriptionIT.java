package org.maskline.it.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.it.AriProbe;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SippPhone;

/**
 * Asterisk counts an application's subscriptions to an endpoint, and one unsubscribe undoes only one.
 * A subscription a crashed Maskline left must not survive the next Maskline's clean stop: else the
 * carrier's MESSAGEs would be answered 202 and dropped while nobody reads them, instead of 404.
 */
@ExtendWith(SandboxExtension.class)
class SubscriptionIT {
    @Test
    void aSubscriptionACrashedMasklineLeftIsUndoneByACleanStopAndTheCarrierGets404Again(Sandbox sandbox) throws Exception {
        Texting texting = Texting.start(Map.of());
        try (AriProbe probe = new AriProbe()) {
            // What a Maskline killed while subscribed leaves behind.
            probe.post("/applications/" + Sandbox.ARI_APP + "/subscription?eventSource=endpoint:PJSIP/trunk");
        } finally {
            texting.close();
        }
        Texting.awaitSubscribed(false);
        try (SippPhone carrier = SippPhone.scenario("message-sender").fill("EXPECT", 404)
                .call(Texting.freshNumber(), Texting.POOL_A, "nobody reads this").dial(sandbox)) {
            assertEquals(0, carrier.awaitExit(Texting.DEADLINE), "answered 404, not taken and dropped: " + carrier.transcript());
        }
    }
}
