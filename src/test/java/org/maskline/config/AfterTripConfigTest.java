package org.maskline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.maskline.menu.MenuSettings;

/** Issue 14's keys: defaults, what each accepts, and the one-line refusals naming the key. */
class AfterTripConfigTest {
    private static Config load(Map<String, String> extra) {
        Map<String, String> env = ConfigTest.minimal();
        env.putAll(extra);
        return Config.load(env, Optional.empty());
    }

    private static void refused(String key, String value) {
        var e = assertThrows(ConfigException.class, () -> load(Map.of(key, value)));
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void defaultsLeaveEverythingOffButTheMenuOfRecontactAndUnavailableCalls() {
        AfterTripConfig t = load(Map.of()).afterTrip();
        assertEquals(0, t.recontactSeconds());
        assertEquals(Optional.empty(), t.operator());
        assertEquals(2, t.callbackAttempts());
        assertEquals(Duration.ofSeconds(86_400), t.callbackTtl());
        assertEquals(Optional.empty(), t.fixedCallerId());
        MenuSettings m = MenuSettings.of(load(Map.of()));
        assertFalse(m.unroutableMenu());
        assertEquals(Optional.empty(), m.prompts().dir(), "Asterisk's own sounds");
    }

    @Test
    void everyKeyIsRead() {
        Config c = load(Map.of("MASKLINE_RECONTACT_SECONDS", "600", "MASKLINE_OPERATOR", "PJSIP/100@pbx",
                "MASKLINE_OPERATOR_SEES", "proxy", "MASKLINE_PROMPTS_DIR", "/var/lib/asterisk/sounds/maskline",
                "MASKLINE_MENU_KEY_TIMEOUT_SECONDS", "3", "MASKLINE_CALLBACK_ATTEMPTS", "3",
                "MASKLINE_CALLBACK_TTL_SECONDS", "3600", "MASKLINE_CALLBACK_RETRY_SECONDS", "30",
                "MASKLINE_CALLER_ID_MODE", "fixed:+34910000000", "MASKLINE_UNROUTABLE", "menu"));
        MenuSettings m = MenuSettings.of(c);
        assertEquals(600, c.afterTrip().recontactSeconds());
        assertEquals("PJSIP/100@pbx", m.operator().orElseThrow().target());
        assertTrue(m.operator().orElseThrow().seesProxy());
        assertEquals(Optional.of("/var/lib/asterisk/sounds/maskline"), m.prompts().dir());
        assertEquals(Duration.ofSeconds(3), m.keyTimeout());
        assertTrue(m.unroutableMenu());
        assertEquals(Optional.of("+34910000000"), m.fixedCallerId());
        assertEquals(3, c.afterTrip().callbackAttempts());
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        refused("MASKLINE_RECONTACT_SECONDS", "-1");
        refused("MASKLINE_RECONTACT_SECONDS", "99999999");
        refused("MASKLINE_OPERATOR", "100; rm -rf");
        refused("MASKLINE_OPERATOR_SEES", "everything");
        refused("MASKLINE_PROMPTS_DIR", "relative/dir");
        refused("MASKLINE_PROMPTS_DIR", "/a,b");
        refused("MASKLINE_MENU_KEY_TIMEOUT_SECONDS", "0");
        refused("MASKLINE_CALLBACK_ATTEMPTS", "0");
        refused("MASKLINE_CALLBACK_TTL_SECONDS", "10");
        refused("MASKLINE_CALLER_ID_MODE", "fixed:12345");
        refused("MASKLINE_CALLER_ID_MODE", "random");
        // The menu of an unroutable call offers the operator: without one it would offer nothing.
        refused("MASKLINE_UNROUTABLE", "menu");
    }
}
