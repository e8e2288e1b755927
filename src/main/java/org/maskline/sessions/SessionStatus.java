package org.maskline.sessions;

import java.util.Locale;

/** Lifecycle: OPEN, then CLOSED by the API or EXPIRED when its expiry passed. Only OPEN routes. */
public enum SessionStatus {
    OPEN, CLOSED, EXPIRED;

    /** The lower-case form used in the database and in JSON. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SessionStatus fromCode(String code) {
        for (SessionStatus s : values()) {
            if (s.code().equals(code)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown session status: " + code);
    }
}
