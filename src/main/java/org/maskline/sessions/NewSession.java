package org.maskline.sessions;

import java.time.Instant;

/**
 * A validated request to open a session; proxies are chosen by the store when it is created.
 *
 * @param record whether the session's calls are recorded (the default already applied)
 */
public record NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference,
                         boolean record) {
    public NewSession {
        if (first.number().equals(second.number())) {
            throw new InvalidRequestException("participants", "the two participants must have different numbers");
        }
    }

    /** A session whose calls are not recorded. */
    public NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference) {
        this(first, second, expiresAt, reference, false);
    }

    public NewSession withRecord(boolean on) {
        return new NewSession(first, second, expiresAt, reference, on);
    }
}
