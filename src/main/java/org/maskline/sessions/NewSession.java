package org.maskline.sessions;

import java.time.Instant;

/** A validated request to open a session; proxies are chosen by the store when it is created. */
public record NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference) {
    public NewSession {
        if (first.number().equals(second.number())) {
            throw new InvalidRequestException("participants", "the two participants must have different numbers");
        }
    }
}
