package org.maskline.sessions;

import java.time.Instant;

/**
 * A validated request to open a session; proxies are chosen by the store when it is created.
 *
 * @param record whether the session's calls are recorded (the default already applied)
 * @param recontactSeconds the recontact window after the session ends, already defaulted (0: off)
 */
public record NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference,
                         int recontactSeconds, boolean record) {
    public NewSession {
        if (first.number().equals(second.number())) {
            throw new InvalidRequestException("participants", "the two participants must have different numbers");
        }
    }

    /** A session without a recontact window, not recorded. */
    public NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference) {
        this(first, second, expiresAt, reference, 0, false);
    }

    /** A session that is not recorded. */
    public NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference, int recontactSeconds) {
        this(first, second, expiresAt, reference, recontactSeconds, false);
    }

    public NewSession withRecord(boolean on) {
        return new NewSession(first, second, expiresAt, reference, recontactSeconds, on);
    }
}
