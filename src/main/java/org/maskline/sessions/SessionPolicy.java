package org.maskline.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The rules a session request must meet before the store allocates numbers for it. */
public final class SessionPolicy {
    /** Sessions are for a trip or a delivery; a year is far past any use and catches unit mistakes (ms for s). */
    public static final Duration MAX_TTL = Duration.ofDays(366);
    public static final int MAX_LABEL = 100;
    public static final int MAX_REFERENCE = 200;

    private final String defaultCountry;
    private final Duration defaultTtl;
    private final Clock clock;
    /** The recontact window a session gets when its request names none (MASKLINE_RECONTACT_SECONDS). */
    private final int defaultRecontactSeconds;
    /** A recontact window is for "after the trip"; a week is far past any use. */
    public static final int MAX_RECONTACT_SECONDS = 7 * 86_400;

    public SessionPolicy(String defaultCountry, Duration defaultTtl, Clock clock) {
        this(defaultCountry, defaultTtl, clock, 0);
    }

    public SessionPolicy(String defaultCountry, Duration defaultTtl, Clock clock, int defaultRecontactSeconds) {
        this.defaultCountry = defaultCountry;
        this.defaultTtl = defaultTtl;
        this.clock = clock;
        this.defaultRecontactSeconds = defaultRecontactSeconds;
    }

    public String normalize(String raw) {
        return PhoneNumbers.normalize(raw, defaultCountry);
    }

    /**
     * @param participants each as {number, label}; label may be null
     * @throws InvalidNumberException  for a number that does not normalize
     * @throws InvalidRequestException for anything else
     */
    public NewSession newSession(List<NewParticipant> participants, Lifetime lifetime, String reference) {
        return newSession(participants, lifetime, reference, null);
    }

    /**
     * As {@link #newSession(List, Lifetime, String)}, with a recontact window in seconds (null: the default).
     */
    public NewSession newSession(List<NewParticipant> participants, Lifetime lifetime, String reference,
                                 Long recontactSeconds) {
        return newSession(participants, lifetime, reference, recontactSeconds, SessionMode.DEFAULT);
    }

    /** As {@link #newSession(List, Lifetime, String, Long)}, for a session of the given mode (issue 13). */
    public NewSession newSession(List<NewParticipant> participants, Lifetime lifetime, String reference,
                                 Long recontactSeconds, SessionMode mode) {
        if (participants.size() != 2) {
            throw new InvalidRequestException("participants", "a session has exactly two participants, got " + participants.size());
        }
        NewParticipant a = participant(participants.get(0), 0);
        NewParticipant b = participant(participants.get(1), 1);
        if (reference != null && (reference.isBlank() || reference.length() > MAX_REFERENCE)) {
            throw new InvalidRequestException("reference", "must be 1 to " + MAX_REFERENCE + " characters");
        }
        if (recontactSeconds != null && (recontactSeconds < 0 || recontactSeconds > MAX_RECONTACT_SECONDS)) {
            throw new InvalidRequestException("recontactSeconds", "must be between 0 and " + MAX_RECONTACT_SECONDS);
        }
        int recontact = recontactSeconds == null ? defaultRecontactSeconds : recontactSeconds.intValue();
        return new NewSession(a, b, expiry(lifetime), reference, recontact, mode);
    }

    /** The absolute expiry for a lifetime, checked to be in the future and within {@link #MAX_TTL}. */
    public Instant expiry(Lifetime lifetime) {
        Instant now = now();
        Instant at = switch (lifetime) {
            case Lifetime.Default d -> now.plus(defaultTtl);
            case Lifetime.Ttl t -> {
                if (t.seconds() <= 0 || t.seconds() > MAX_TTL.toSeconds()) {
                    throw new InvalidRequestException("ttlSeconds", "must be between 1 and " + MAX_TTL.toSeconds());
                }
                yield now.plusSeconds(t.seconds());
            }
            case Lifetime.Until u -> {
                if (!u.expiresAt().isAfter(now)) {
                    throw new InvalidRequestException("expiresAt", "must be in the future");
                }
                if (u.expiresAt().isAfter(now.plus(MAX_TTL))) {
                    throw new InvalidRequestException("expiresAt", "must be within " + MAX_TTL.toDays() + " days");
                }
                yield u.expiresAt();
            }
        };
        return at.truncatedTo(ChronoUnit.MILLIS);
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private NewParticipant participant(NewParticipant p, int index) {
        String field = "participants[" + index + "]";
        if (p.number() == null) {
            throw new InvalidRequestException(field + ".number", "is required");
        }
        String number;
        try {
            number = normalize(p.number());
        } catch (InvalidNumberException e) {
            throw new InvalidNumberException(field + ".number: " + e.getMessage());
        }
        if (p.label() != null && p.label().length() > MAX_LABEL) {
            throw new InvalidRequestException(field + ".label", "must be at most " + MAX_LABEL + " characters");
        }
        return new NewParticipant(number, p.label());
    }
}
