package org.maskline.twilio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.security.RequestValidator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Maskline's X-Twilio-Signature against the check Twilio's own SDK makes. */
class TwilioSignatureTest {
    private static final String TOKEN = "twilio-signature-test-key-0123";
    private static final String URL = "https://backend.example.com/proxy/intercept?tenant=7";

    @Test
    void twiliosRequestValidatorAcceptsTheSignature() {
        Map<String, String> params = Map.of("interactionSessionSid", "KC0123456789abcdef0123456789abcdef",
                "interactionType", "Voice", "inboundParticipantSid", "KP0123456789abcdef0123456789abcdef",
                "outboundResourceStatus", "", "interactionData", "{\"duration\":\"5\"}");
        String signature = TwilioSignature.sign(TOKEN, URL, params);
        assertTrue(new RequestValidator(TOKEN).validate(URL, params, signature));
    }

    @Test
    void anyChangeBreaksIt() {
        Map<String, String> params = new HashMap<>(Map.of("interactionType", "Voice", "inboundResourceStatus", "ringing"));
        String signature = TwilioSignature.sign(TOKEN, URL, params);
        assertFalse(new RequestValidator("another-key-0123456789").validate(URL, params, signature), "another token");
        assertFalse(new RequestValidator(TOKEN).validate(URL.replace("7", "8"), params, signature), "another URL");
        params.put("inboundResourceStatus", "completed");
        assertFalse(new RequestValidator(TOKEN).validate(URL, params, signature), "another value");
    }
}
