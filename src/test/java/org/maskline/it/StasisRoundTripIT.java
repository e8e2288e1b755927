package org.maskline.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The sandbox's contract, end to end: a SIP call from the carrier side arrives in Stasis. */
@ExtendWith(SandboxExtension.class)
class StasisRoundTripIT {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @ParameterizedTest
    @ValueSource(strings = {"+15550100", "15550100"})
    void aCallToAServiceNumberArrivesInStasisWithCallerAndDialedNumber(String dialed, Sandbox sandbox) throws Exception {
        try (AriProbe ari = new AriProbe()) {
            ari.listen(Sandbox.ARI_APP);
            try (SippPhone caller = SippPhone.scenario("caller")
                    .fill("ANSWER_TIMEOUT_MS", 8000).fill("HOLD_MS", 1000)
                    .service(dialed).key("caller", "+34600111222").key("display", "Alice")
                    .dial(sandbox)) {
                JsonNode start = ari.awaitEvent(AriProbe.type("StasisStart"), DEADLINE);
                JsonNode channel = start.path("channel");
                assertEquals("+34600111222", channel.path("caller").path("number").asText());
                assertEquals(dialed, channel.path("dialplan").path("exten").asText());
                assertEquals("Ring", channel.path("state").asText());

                // End it the way Maskline rejects a busy call: the phone must see 486, and Stasis ends.
                ari.delete("/channels/" + channel.path("id").asText() + "?reason=busy");
                ari.awaitEvent(e -> AriProbe.type("StasisEnd").test(e)
                        && e.path("channel").path("id").asText().equals(channel.path("id").asText()), DEADLINE);
                assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
                List<Integer> finals = caller.received().stream().map(SipMessage::status).filter(s -> s >= 200).toList();
                assertEquals(List.of(486), finals, caller.transcript());
            }
        }
    }

    @Test
    void withoutMasklineConnectedTheCallerGetsACleanRejection(Sandbox sandbox) throws Exception {
        try (AriProbe ari = new AriProbe()) {
            assertTrue(ari.get("/applications").isEmpty(), "no ARI application may be connected for this test");
        }
        try (SippPhone caller = SippPhone.scenario("caller")
                .fill("ANSWER_TIMEOUT_MS", 8000).fill("HOLD_MS", 1000)
                .service("+15550100").key("caller", "+34600111222").key("display", "Alice")
                .dial(sandbox)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            List<Integer> finals = caller.received().stream().map(SipMessage::status).filter(s -> s >= 200).toList();
            assertEquals(List.of(503), finals, caller.transcript());
        }
    }
}
