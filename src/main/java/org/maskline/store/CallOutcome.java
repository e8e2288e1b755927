package org.maskline.store;

import java.util.Locale;

/** How a call ended. JSON and the database use the lower-case name. */
public enum CallOutcome {
    COMPLETED, BUSY, NO_ANSWER, CANCELED, FAILED, REJECTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown code */
    public static CallOutcome fromCode(String code) {
        for (CallOutcome o : values()) {
            if (o.code().equals(code)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown call outcome: " + code);
    }
}
