package org.maskline.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.maskline.ari.TextMessage;
import org.maskline.sessions.PhoneNumbers;

/** Reading the carrier's message as Asterisk 22 hands it over (field shapes taken from the sandbox). */
class InboundTextTest {
    @Test
    void theAssertedIdentityIsTheSenderAndToTheNumberWrittenTo() {
        TextMessage m = new TextMessage("\"Anon\" <sip:anonymous@10.0.0.1>", "pjsip:+15550100@127.0.0.1", "hola",
                Map.of("P-Asserted-Identity", "<sip:+34600111222@10.0.0.1>", "Content-Length", "6"));
        InboundText in = InboundText.of(m, 0);
        assertEquals("+34600111222", PhoneNumbers.normalize(in.sender(), "ES"));
        assertEquals("+15550100", PhoneNumbers.normalize(in.dialed(), "ES"));
        assertEquals("hola", in.body());
        assertFalse(in.truncatedByAsterisk());
    }

    @Test
    void withoutAnAssertedIdentityFromIsTheSender() {
        TextMessage m = new TextMessage("\"+34600111222\" <sip:+34600111222@127.0.0.1>", "pjsip:sip:+15550100@127.0.0.1", "x",
                Map.of("p-asserted-identity", " "));
        InboundText in = InboundText.of(m, 0);
        assertEquals("+34600111222", PhoneNumbers.normalize(in.sender(), "ES"));
        assertEquals("+15550100", PhoneNumbers.normalize(in.dialed(), "ES"));
    }

    @Test
    void anEmptyBodyWithAContentLengthIsOneAsteriskCouldNotCarry() {
        TextMessage big = new TextMessage("<sip:+34600111222@h>", "pjsip:+15550100@h", "", Map.of("Content-Length", "1025"));
        assertTrue(InboundText.of(big, 0).truncatedByAsterisk());
        TextMessage empty = new TextMessage("<sip:+34600111222@h>", "pjsip:+15550100@h", null, Map.of("Content-Length", "0"));
        assertFalse(InboundText.of(empty, 0).truncatedByAsterisk());
        assertEquals("", InboundText.of(empty, 0).body());
    }
}
