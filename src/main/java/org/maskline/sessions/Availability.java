package org.maskline.sessions;

import java.time.Instant;

/**
 * Whether a participant (a real number) takes calls. A driver off shift is unavailable, optionally
 * {@code until} a time after which they count as available again by themselves.
 *
 * @param until only with {@code available == false}; null: until the next change
 */
public record Availability(String number, boolean available, Instant until, Instant updatedAt) {
    public Availability {
        if (available && until != null) {
            throw new InvalidRequestException("until", "only goes with \"available\": false");
        }
    }

    /** Whether the participant takes calls at {@code now}. */
    public boolean availableAt(Instant now) {
        return available || (until != null && !now.isBefore(until));
    }
}
