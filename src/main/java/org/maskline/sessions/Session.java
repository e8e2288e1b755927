package org.maskline.sessions;

import java.time.Instant;
import java.util.List;

/**
 * A session as stored. {@link #status()} is the effective status: an OPEN row whose expiry has passed
 * reads as EXPIRED even before the sweeper marks it.
 *
 * @param recontactSeconds how long after the session ends its participants may still reach the menu (0: not at all)
 * @param mode             what it carries: calls, messages or both (issue 13)
 */
public record Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                      List<Participant> participants, int recontactSeconds, SessionMode mode) {
    public Session {
        participants = List.copyOf(participants);
        mode = mode == null ? SessionMode.DEFAULT : mode;
    }

    /** A session without a recontact window, for calls and messages. */
    public Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                   List<Participant> participants) {
        this(id, status, reference, createdAt, expiresAt, participants, 0, SessionMode.DEFAULT);
    }

    /** A session for calls and messages (the default mode). */
    public Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                   List<Participant> participants, int recontactSeconds) {
        this(id, status, reference, createdAt, expiresAt, participants, recontactSeconds, SessionMode.DEFAULT);
    }

    /** A session without a recontact window. */
    public Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                   List<Participant> participants, SessionMode mode) {
        this(id, status, reference, createdAt, expiresAt, participants, 0, mode);
    }
}
