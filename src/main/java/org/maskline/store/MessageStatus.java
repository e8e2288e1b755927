package org.maskline.store;

import java.util.Locale;

/**
 * What became of a message, as far as Asterisk can tell: SENT (Asterisk built and sent the outgoing
 * MESSAGE on the trunk), FAILED (Asterisk refused to send it), REJECTED (Maskline forwarded nothing).
 */
public enum MessageStatus {
    SENT, FAILED, REJECTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown code */
    public static MessageStatus fromCode(String code) {
        for (MessageStatus s : values()) {
            if (s.code().equals(code)) return s;
        }
        throw new IllegalArgumentException("unknown message status: " + code);
    }
}
