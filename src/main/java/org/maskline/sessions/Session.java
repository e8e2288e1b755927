package org.maskline.sessions;

import java.time.Instant;
import java.util.List;

/**
 * A session as stored. {@link #status()} is the effective status: an OPEN row whose expiry has passed
 * reads as EXPIRED even before the sweeper marks it.
 *
 * @param recontactSeconds how long after the session ends its participants may still reach the menu (0: not at all)
 */
public record Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                      List<Participant> participants, int recontactSeconds) {
    public Session {
        participants = List.copyOf(participants);
    }

    /** A session without a recontact window. */
    public Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                   List<Participant> participants) {
        this(id, status, reference, createdAt, expiresAt, participants, 0);
    }
}
