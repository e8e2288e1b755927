package org.maskline.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One inbound call, as the call flow saw it.
 *
 * @param sessionId   null when the call was rejected (no route)
 * @param callee      the counterpart's real number, null when there was no route
 * @param proxyNumber the pool number that was dialed
 * @param outcome     null while the call is in progress
 * @param menuChoice  what the caller chose in the menu ({@code other_party}, {@code operator}, {@code callback},
 *                    {@code none}, {@code hangup}); null for a call that never met the menu
 * @param callbackId  the callback request this call was placed for; null for other calls
 */
public record CallRecord(String id, String sessionId, String caller, String callee, String proxyNumber,
                         Instant startedAt, Instant answeredAt, Instant endedAt,
                         CallOutcome outcome, String hangupCause, String menuChoice, String callbackId) {
    public CallRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(proxyNumber, "proxyNumber");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** A call that never met the menu and was placed for no callback. */
    public CallRecord(String id, String sessionId, String caller, String callee, String proxyNumber,
                      Instant startedAt, Instant answeredAt, Instant endedAt, CallOutcome outcome, String hangupCause) {
        this(id, sessionId, caller, callee, proxyNumber, startedAt, answeredAt, endedAt, outcome, hangupCause, null, null);
    }

    /** Whole seconds between answer and hang-up; 0 for a call never answered or still going. */
    public long talkSeconds() {
        if (answeredAt == null || endedAt == null || endedAt.isBefore(answeredAt)) {
            return 0;
        }
        return Duration.between(answeredAt, endedAt).toSeconds();
    }
}
