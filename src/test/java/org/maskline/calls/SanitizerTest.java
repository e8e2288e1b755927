package org.maskline.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SanitizerTest {
    @Test
    void lineBreaksAndControlCharactersAreEscapedSoNoLogLineCanBeForged() {
        String s = Sanitizer.text("+1555\r\n12:00:00 INFO forged\u0000\u2028x\u001b[31m", 200);
        assertFalse(s.contains("\n") || s.contains("\r") || s.contains("\u0000") || s.contains("\u2028") || s.contains("\u001b"), s);
        assertTrue(s.startsWith("+1555\\r\\n12:00:00 INFO forged\\x00\\u2028x\\x1b"), s);
    }

    @Test
    void lengthsAreBoundedAndTheCutIsMarked() {
        String s = Sanitizer.number("+" + "9".repeat(200));
        assertEquals(Sanitizer.NUMBER_COLUMN, s.length());
        assertTrue(s.endsWith("~"));
        assertEquals(10, Sanitizer.text("\n".repeat(50), 10).length(), "escapes count towards the bound");
    }

    @Test
    void anEmptyNumberIsAnonymousAndAShortOneIsKept() {
        assertEquals("anonymous", Sanitizer.number(null));
        assertEquals("anonymous", Sanitizer.number("  "));
        assertEquals("+15550100", Sanitizer.number("+15550100"));
    }

    @Test
    void logsShowNumbersMaskedAndBounded() {
        String s = Sanitizer.forLog("+34600123456\n" + "x".repeat(100));
        assertFalse(s.contains("600123456"), s);
        assertTrue(s.length() <= Sanitizer.LOG_LENGTH, s);
        assertFalse(s.contains("\n"));
    }
}
