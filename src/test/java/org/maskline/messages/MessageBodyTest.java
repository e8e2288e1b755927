package org.maskline.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The size rule counts UTF-8 bytes, the unit Asterisk's buffer has, not characters. */
class MessageBodyTest {
    @Test
    void oneTo1023BytesOfUtf8Fit() {
        assertTrue(MessageBody.fits("a"));
        assertTrue(MessageBody.fits("a".repeat(1023)));
        assertFalse(MessageBody.fits("a".repeat(1024)));
        assertEquals(1024, MessageBody.bytes("é".repeat(512)));
        assertFalse(MessageBody.fits("é".repeat(512)), "512 characters, 1024 bytes");
        assertTrue(MessageBody.fits("é".repeat(511)));
        assertFalse(MessageBody.fits(""));
        assertFalse(MessageBody.fits(null));
        assertEquals(4, MessageBody.bytes("🚕"));
    }
}
