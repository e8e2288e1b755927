package org.maskline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 18: dial strings for carriers that want another form than +E.164. */
class DialTemplateTest {
    @Test
    void everyPlaceholderRendersItsForm() {
        assertEquals(Optional.of("PJSIP/+34600111222@trunk"), new DialTemplate("PJSIP/{number}@trunk", "").render("+34600111222"));
        assertEquals(Optional.of("PJSIP/0034600111222@trunk"), new DialTemplate("PJSIP/00{e164}@trunk", "").render("+34600111222"));
        assertEquals(Optional.of("PJSIP/00-34-600111222@trunk"), new DialTemplate("PJSIP/00-{cc}-{national}@trunk", "").render("+34600111222"));
        // The national form keeps the trunk prefix where the country dials one.
        assertEquals(Optional.of("PJSIP/9600111222@trunk"), new DialTemplate("PJSIP/9{national}@trunk", "ES").render("+34600111222"));
        assertEquals(Optional.of("PJSIP/07400123456@trunk"), new DialTemplate("PJSIP/{national}@trunk", "GB").render("+447400123456"));
        assertEquals(Optional.of("PJSIP/2015550123@trunk"), new DialTemplate("PJSIP/{national}@trunk", "US").render("+12015550123"));
    }

    /** Fail closed: a national form of another country could reach someone else, so it is never dialed. */
    @Test
    void aNationalOnlyTemplateNeverDialsAnotherCountrysNumber() {
        DialTemplate spain = new DialTemplate("PJSIP/{national}@trunk", "ES");
        assertEquals(Optional.empty(), spain.render("+447400123456"));
        assertEquals(Optional.empty(), spain.render("+12015550123"));
        // With the country code in the string, every number has a form.
        assertTrue(new DialTemplate("PJSIP/00{cc}{national}@trunk", "ES").render("+447400123456").isPresent());
    }

    @Test
    void aTemplateThatCouldNotServeIsRefusedAtStart() {
        var e = assertThrows(IllegalArgumentException.class, () -> new DialTemplate("PJSIP/trunk", "ES"));
        assertEquals("must contain {number}, {e164} or {national}, e.g. PJSIP/{number}@trunk", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DialTemplate("PJSIP/{numbr}@trunk", "ES"));
        assertTrue(e.getMessage().startsWith("has an unknown placeholder {numbr}"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DialTemplate("PJSIP/{national}@trunk", ""));
        assertTrue(e.getMessage().contains("set MASKLINE_DEFAULT_COUNTRY"), e.getMessage());
    }
}
