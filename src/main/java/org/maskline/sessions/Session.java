package org.maskline.sessions;

import java.time.Instant;
import java.util.List;

/**
 * A session as stored. {@link #status()} is the effective status: an OPEN row whose expiry has passed
 * reads as EXPIRED even before the sweeper marks it.
 *
 * @param recontactSeconds how long after the session ends its participants may still reach the menu (0: not at all)
 * @param mode             what it carries: calls, messages or both
 * @param record           whether its calls are recorded
 */
public record Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                      List<Participant> participants, int recontactSeconds, SessionMode mode, boolean record) {
    public Session {
        participants = List.copyOf(participants);
        mode = mode == null ? SessionMode.DEFAULT : mode;
    }

    /** A session without a recontact window, for calls and messages, not recorded. */
    public Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                   List<Participant> participants) {
        this(id, status, reference, createdAt, expiresAt, participants, 0, SessionMode.DEFAULT, false);
    }

    /** A session for calls and messages (the default mode), not recorded. */
    public Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                   List<Participant> participants, int recontactSeconds) {
        this(id, status, reference, createdAt, expiresAt, participants, recontactSeconds, SessionMode.DEFAULT, false);
    }

    /** A session without a recontact window, not recorded. */
    public Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                   List<Participant> participants, SessionMode mode) {
        this(id, status, reference, createdAt, expiresAt, participants, 0, mode, false);
    }

    /** Not recorded. */
    public Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                   List<Participant> participants, int recontactSeconds, SessionMode mode) {
        this(id, status, reference, createdAt, expiresAt, participants, recontactSeconds, mode, false);
    }

    /** For calls and messages (the default mode). */
    public Session(String id, SessionStatus status, String reference, Instant createdAt, Instant expiresAt,
                   List<Participant> participants, int recontactSeconds, boolean record) {
        this(id, status, reference, createdAt, expiresAt, participants, recontactSeconds, SessionMode.DEFAULT, record);
    }
}
