package org.maskline.sessions;

import java.time.Instant;

/**
 * A validated request to open a session; proxies are chosen by the store when it is created.
 *
 * @param recontactSeconds the recontact window after the session ends, already defaulted (0: off)
 * @param mode             what it carries: calls, messages or both
 * @param record           whether the session's calls are recorded (the default already applied)
 */
public record NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference,
                         int recontactSeconds, SessionMode mode, boolean record) {
    public NewSession {
        mode = mode == null ? SessionMode.DEFAULT : mode;
        if (first.number().equals(second.number())) {
            throw new InvalidRequestException("participants", "the two participants must have different numbers");
        }
    }

    /** A session without a recontact window, for calls and messages, not recorded. */
    public NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference) {
        this(first, second, expiresAt, reference, 0, SessionMode.DEFAULT, false);
    }

    /** A session for calls and messages (the default mode), not recorded. */
    public NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference, int recontactSeconds) {
        this(first, second, expiresAt, reference, recontactSeconds, SessionMode.DEFAULT, false);
    }

    /** A session without a recontact window, not recorded. */
    public NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference, SessionMode mode) {
        this(first, second, expiresAt, reference, 0, mode, false);
    }

    /** Not recorded. */
    public NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference,
                      int recontactSeconds, SessionMode mode) {
        this(first, second, expiresAt, reference, recontactSeconds, mode, false);
    }

    /** For calls and messages (the default mode). */
    public NewSession(NewParticipant first, NewParticipant second, Instant expiresAt, String reference,
                      int recontactSeconds, boolean record) {
        this(first, second, expiresAt, reference, recontactSeconds, SessionMode.DEFAULT, record);
    }

    public NewSession withRecord(boolean on) {
        return new NewSession(first, second, expiresAt, reference, recontactSeconds, mode, on);
    }
}
