package org.maskline.sessions;

import java.time.Instant;
import java.util.List;

/**
 * A session as stored. {@link #status()} is the effective status: an OPEN row whose expiry has passed
 * reads as EXPIRED even before the sweeper marks it.
 */
public record Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                      List<Participant> participants) {
    public Session {
        participants = List.copyOf(participants);
    }
}
