package org.maskline.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {
    @ParameterizedTest(name = "[{0}] with {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "+34600111222                         | ES | +34600111222",
            "0034600111222                        | ES | +34600111222",
            "0034600111222                        |    | +34600111222",
            "34600111222                          | ES | +34600111222",
            "600111222                            | ES | +34600111222",
            "tel:+34600111222                     |    | +34600111222",
            "sip:+34600111222@10.0.0.1;user=phone |    | +34600111222",
            "SIPS:+34600111222@host               |    | +34600111222",
            "'\"Bob\" <sip:0034600111222@host>'   |    | +34600111222",
            "<sip:600111222@trunk.example;transport=udp> | ES | +34600111222",
            "+34 600-11 (12) 22                   |    | +34600111222",
            "+34.600.111.222                      |    | +34600111222",
            "+1 (555) 010-0123                    | ES | +15550100123",
            "+15550100                            |    | +15550100",
            "(555) 010-0123                       | US | +15550100123",
            "8 916 123-45-67                      | RU | +79161234567",
            "+7 916 123 45 67                     | US | +79161234567",
            "tel:+44-20-7946-0958;phone-context=x |    | +442079460958",
    })
    void normalizesCallerIdShapes(String raw, String country, String expected) {
        assertEquals(expected, PhoneNumbers.normalize(raw, country));
    }

    @ParameterizedTest
    @ValueSource(strings = {"anonymous", "Anonymous <sip:anonymous@anonymous.invalid>", "abc", "+34abc600", "sip:@host", "12#34"})
    void refusesWhatIsNotANumber(String raw) {
        assertThrows(InvalidNumberException.class, () -> PhoneNumbers.normalize(raw, "ES"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "<>"})
    void refusesEmpty(String raw) {
        var e = assertThrows(InvalidNumberException.class, () -> PhoneNumbers.normalize(raw, "ES"));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void refusesTooShort() {
        var e = assertThrows(InvalidNumberException.class, () -> PhoneNumbers.normalize("+1555010", null));
        assertTrue(e.getMessage().contains("too short"), e.getMessage());
    }

    @Test
    void refusesTooLong() {
        var e = assertThrows(InvalidNumberException.class, () -> PhoneNumbers.normalize("+3460011122233344", null));
        assertTrue(e.getMessage().contains("too long"), e.getMessage());
        assertThrows(InvalidNumberException.class, () -> PhoneNumbers.normalize("+34600111222333444555", null));
    }

    @Test
    void refusesNationalNumbersWithoutADefaultCountry() {
        var e = assertThrows(InvalidNumberException.class, () -> PhoneNumbers.normalize("600111222", ""));
        assertTrue(e.getMessage().contains("no default country"), e.getMessage());
    }

    @Test
    void refusesUnknownCountryCodes() {
        assertThrows(InvalidNumberException.class, () -> PhoneNumbers.normalize("+999123456789", null));
    }

    @Test
    void anOperatorCanChooseToLogRealNumbers() {
        try {
            PhoneNumbers.logRealNumbers(true);
            assertEquals("+34600111222", PhoneNumbers.mask("+34600111222"));
        } finally {
            PhoneNumbers.logRealNumbers(false);
        }
        assertEquals("+3460*****22", PhoneNumbers.mask("+34600111222"));
    }

    @Test
    void masksAllButTheFirstFiveAndLastTwo() {
        assertEquals("+3460*****22", PhoneNumbers.mask("+34600111222"));
        assertEquals("+1555*00", PhoneNumbers.mask("+1555100"));
        assertEquals("*******", PhoneNumbers.mask("+155510"));
        assertEquals("null", PhoneNumbers.mask(null));
    }

    @Test
    void recognizesE164() {
        assertTrue(PhoneNumbers.isE164("+15550100"));
        assertEquals(false, PhoneNumbers.isE164("15550100"));
        assertEquals(false, PhoneNumbers.isE164("+1555010"));
    }
}
