package org.maskline.messages;

import java.nio.charset.StandardCharsets;
import org.maskline.config.MessageConfig;

/**
 * The size rule, one for both directions: a text is 1 to {@value MessageConfig#MAX_BODY_BYTES} bytes of
 * UTF-8, the most Asterisk carries (res_pjsip_messaging reads an incoming body into a 1024-byte buffer
 * and, when it does not fit, hands the message on with an empty body; the carrier's Content-Length,
 * which it passes along, tells that apart from a really empty one). A text outside the rule is refused
 * whole, never cut: inbound, the sender's message is rejected ({@code body_too_large} or
 * {@code body_empty}, with the optional reply); from the API, the request is answered 400.
 * Asterisk also drops trailing CR and LF from an incoming text.
 */
public final class MessageBody {
    private MessageBody() {}

    /** The body's length in UTF-8 bytes. */
    public static int bytes(String body) {
        return body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
    }

    public static boolean fits(String body) {
        int n = bytes(body);
        return n >= 1 && n <= MessageConfig.MAX_BODY_BYTES;
    }
}
