package org.maskline.store;

import java.util.Locale;

/** Where a message came from: INBOUND from the carrier (a participant wrote it), API from the operator's backend. */
public enum MessageDirection {
    INBOUND, API;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown code */
    public static MessageDirection fromCode(String code) {
        for (MessageDirection d : values()) {
            if (d.code().equals(code)) return d;
        }
        throw new IllegalArgumentException("unknown message direction: " + code);
    }
}
