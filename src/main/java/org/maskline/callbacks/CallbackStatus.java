package org.maskline.callbacks;

import java.util.Locale;

/**
 * Where a callback request is: {@code PENDING} waits for its target to be available (and for its next
 * attempt), {@code CALLING} has an attempt in progress; the others are final.
 */
public enum CallbackStatus {
    PENDING, CALLING, COMPLETED, FAILED, EXPIRED, CANCELED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this != PENDING && this != CALLING;
    }

    /** @throws IllegalArgumentException for an unknown code */
    public static CallbackStatus fromCode(String code) {
        for (CallbackStatus s : values()) {
            if (s.code().equals(code)) return s;
        }
        throw new IllegalArgumentException("unknown callback status: " + code);
    }
}
