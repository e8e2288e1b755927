package org.maskline.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Messages use the trunk calls use: read from the dial template, in the two forms Asterisk's message layer addresses. */
class TrunkAddressTest {
    @Test
    void theDialplanFormGivesTheEndpointAndTheSameDestination() {
        TrunkAddress t = TrunkAddress.of("PJSIP/{number}@trunk").orElseThrow();
        assertEquals("endpoint:PJSIP/trunk", t.eventSource());
        assertEquals("pjsip:PJSIP/+34600111222@trunk", t.to("+34600111222"));
    }

    @Test
    void anEndpointWithItsOwnUriKeepsTheUri() {
        TrunkAddress t = TrunkAddress.of("PJSIP/carrier/sip:{number}@sip.example.net").orElseThrow();
        assertEquals("endpoint:PJSIP/carrier", t.eventSource());
        assertEquals("pjsip:carrier/sip:+34600111222@sip.example.net", t.to("+34600111222"));
    }

    @Test
    void anythingElseLeavesMessagingOff() {
        assertEquals(Optional.empty(), TrunkAddress.of("SIP/{number}@trunk"));
        assertEquals(Optional.empty(), TrunkAddress.of("PJSIP/{number}"));
        assertEquals(Optional.empty(), TrunkAddress.of("Local/{number}@ctx"));
        assertEquals(Optional.empty(), TrunkAddress.of("PJSIP/trunk"));
    }
}
