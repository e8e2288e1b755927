package org.maskline.sessions;

import java.time.Instant;
import java.util.List;

/**
 * A session as stored. {@link #status()} is the effective status: an OPEN row whose expiry has passed
 * reads as EXPIRED even before the sweeper marks it. {@link #record()}: its calls are recorded.
 */
public record Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                      List<Participant> participants, boolean record) {
    public Session {
        participants = List.copyOf(participants);
    }

    /** A session whose calls are not recorded. */
    public Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                   List<Participant> participants) {
        this(id, status, reference, createdAt, expiresAt, participants, false);
    }
}
