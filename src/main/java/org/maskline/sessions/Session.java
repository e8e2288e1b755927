package org.maskline.sessions;

import java.time.Instant;
import java.util.List;

/**
 * A session as stored. {@link #status()} is the effective status: an OPEN row whose expiry has passed
 * reads as EXPIRED even before the sweeper marks it.
 */
public record Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                      List<Participant> participants, SessionMode mode) {
    public Session {
        participants = List.copyOf(participants);
        mode = mode == null ? SessionMode.DEFAULT : mode;
    }

    /** A session that carries calls and messages (the default mode). */
    public Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                   List<Participant> participants) {
        this(id, status, reference, createdAt, expiresAt, participants, SessionMode.DEFAULT);
    }
}
