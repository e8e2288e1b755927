package org.maskline.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignatureTest {
    private static final String SECRET = "whsec-test-0123456789abcdef";
    private static final byte[] BODY = "{\"id\":\"e1\",\"type\":\"session.opened\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant T = Instant.ofEpochSecond(1_767_000_000L);

    @Test
    void theHeaderIsTimeAndHexHmacOfTimeDotBody() {
        // Computed independently: printf '1767000000.{"id":"e1","type":"session.opened"}' | openssl dgst -sha256 -hmac whsec-test-0123456789abcdef
        String h = Signature.header(SECRET, T, BODY);
        assertTrue(h.matches("t=1767000000,v1=[0-9a-f]{64}"), h);
        assertEquals("489c4eb46d223ecf3415bd3254b3f9b8803153876e60a07f208b5ed55e7ad195", h.substring(h.indexOf("v1=") + 3));
    }

    @Test
    void verifyAcceptsItsOwnAndRefusesAnyChange() {
        String h = Signature.header(SECRET, T, BODY);
        Duration tol = Duration.ofMinutes(5);
        assertTrue(Signature.verify(SECRET, h, BODY, T.plusSeconds(10), tol));
        assertFalse(Signature.verify("another-secret-0123456789", h, BODY, T, tol), "wrong secret");
        assertFalse(Signature.verify(SECRET, h, "{\"id\":\"e2\"}".getBytes(StandardCharsets.UTF_8), T, tol), "other body");
        assertFalse(Signature.verify(SECRET, h.replace("t=1767000000", "t=1767000001"), BODY, T, tol), "other time");
        assertFalse(Signature.verify(SECRET, h, BODY, T.plus(Duration.ofMinutes(6)), tol), "too old: a replay");
        assertFalse(Signature.verify(SECRET, null, BODY, T, tol));
        assertFalse(Signature.verify(SECRET, "t=x,v1=00", BODY, T, tol));
    }
}
