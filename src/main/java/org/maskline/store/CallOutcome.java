package org.maskline.store;

import java.util.Locale;

/**
 * How a call ended. JSON and the database use the lower-case name. {@code MENU}: the call ended in the
 * menu (a callback booked, no choice, or the caller left); the call log says which.
 */
public enum CallOutcome {
    COMPLETED, BUSY, NO_ANSWER, CANCELED, FAILED, REJECTED, MENU;

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
