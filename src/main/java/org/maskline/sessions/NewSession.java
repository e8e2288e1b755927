package org.maskline.sessions;

import java.time.Instant;

/**
 * A validated request to open a session; proxies are chosen by the store when it is created.
 *
 * @param recontactSeconds the recontact window after the session ends, already defaulted (0: off)
 */
public record NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference,
                         int recontactSeconds) {
    public NewSession {
        if (first.number().equals(second.number())) {
            throw new InvalidRequestException("participants", "the two participants must have different numbers");
        }
    }

    /** A session without a recontact window. */
    public NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference) {
        this(first, second, expiresAt, reference, 0);
    }
}
