package org.maskline.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.maskline.config.DialTemplate;

/** Messages use the trunk (and number format) calls use: read from the dial template, in the two forms Asterisk's message layer addresses. */
class TrunkAddressTest {
    private static Optional<TrunkAddress> of(String template) {
        return TrunkAddress.of(new DialTemplate(template, "ES"));
    }

    @Test
    void theDialplanFormGivesTheEndpointAndTheSameDestination() {
        TrunkAddress t = of("PJSIP/{number}@trunk").orElseThrow();
        assertEquals("endpoint:PJSIP/trunk", t.eventSource());
        assertEquals(Optional.of("pjsip:PJSIP/+34600111222@trunk"), t.to("+34600111222"));
    }

    @Test
    void theCarriersNumberFormatIsTheCallsOne() {
        assertEquals(Optional.of("pjsip:PJSIP/0034600111222@carrier"), of("PJSIP/00{e164}@carrier").orElseThrow().to("+34600111222"));
        TrunkAddress national = of("PJSIP/9{national}@trunk").orElseThrow();
        assertEquals(Optional.of("pjsip:PJSIP/9600111222@trunk"), national.to("+34600111222"));
        assertEquals(Optional.empty(), national.to("+447700900123"), "a national template never writes another country's number");
    }

    @Test
    void anEndpointWithItsOwnUriKeepsTheUri() {
        TrunkAddress t = of("PJSIP/carrier/sip:{number}@sip.example.net").orElseThrow();
        assertEquals("endpoint:PJSIP/carrier", t.eventSource());
        assertEquals(Optional.of("pjsip:carrier/sip:+34600111222@sip.example.net"), t.to("+34600111222"));
    }

    @Test
    void anythingElseLeavesMessagingOff() {
        assertEquals(Optional.empty(), of("SIP/{number}@trunk"));
        assertEquals(Optional.empty(), of("PJSIP/{number}"));
        assertEquals(Optional.empty(), of("Local/{number}@ctx"));
        assertEquals(Optional.empty(), of("PJSIP/{number}@{e164}"));
    }
}
