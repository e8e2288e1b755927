package org.maskline.config;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Text messages (issue 13).
 *
 * @param perMinute       messages a sender may send in any sliding minute; the rest are rejected and logged
 * @param unroutableReply text sent back to a sender whose message was refused, from the number they wrote to;
 *                        empty: refused messages get no reply
 * @param storeBodies     whether message texts are stored and returned by the API (personal data: off by default)
 */
public record MessageConfig(int perMinute, Optional<String> unroutableReply, boolean storeBodies) {
    public static final String PER_MINUTE = "MASKLINE_SMS_PER_MINUTE";
    public static final String UNROUTABLE_REPLY = "MASKLINE_SMS_UNROUTABLE_REPLY";
    public static final String STORE_BODIES = "MASKLINE_STORE_MESSAGE_BODIES";
    /** Asterisk's largest message body (res_pjsip_messaging): 1023 bytes of UTF-8. */
    public static final int MAX_BODY_BYTES = 1023;

    public static final MessageConfig DEFAULT = new MessageConfig(30, Optional.empty(), false);

    public MessageConfig {
        ConfigException.between(PER_MINUTE, perMinute, 1, 100_000);
        unroutableReply = Objects.requireNonNullElse(unroutableReply, Optional.<String>empty()).filter(s -> !s.isBlank());
        if (unroutableReply.isPresent() && unroutableReply.get().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw ConfigException.bad(UNROUTABLE_REPLY, "must be at most " + MAX_BODY_BYTES + " bytes of UTF-8 (Asterisk's"
                    + " largest message body)");
        }
    }
}
