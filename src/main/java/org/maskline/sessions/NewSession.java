package org.maskline.sessions;

import java.time.Instant;

/** A validated request to open a session; proxies are chosen by the store when it is created. */
public record NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference,
                         SessionMode mode) {
    /** A session for calls and messages (the default mode). */
    public NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference) {
        this(first, second, expiresAt, reference, SessionMode.DEFAULT);
    }

    public NewSession {
        mode = mode == null ? SessionMode.DEFAULT : mode;
        if (first.number().equals(second.number())) {
            throw new InvalidRequestException("participants", "the two participants must have different numbers");
        }
    }
}
