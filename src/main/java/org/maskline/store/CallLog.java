package org.maskline.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where the call flow records calls. Every write is idempotent for a given call id. */
public interface CallLog {
    /** Records a call as it starts. */
    void started(CallRecord r);

    /** Records a call as it starts, on Asterisk node {@code node} (so a later instance can find it if it stays open). */
    default void started(CallRecord r, String node) {
        started(r);
    }

    /** Records the moment the callee answered, so a Maskline that takes the call over keeps its times and limits. */
    default void answered(String id, Instant at) {}

    /** Records how a call ended: updates answeredAt, endedAt, outcome and hangupCause; inserts the call if it is missing. */
    void finished(CallRecord r);

    /** Like {@link #finished}; a row it has to insert is marked as a call on {@code node}. */
    default void finished(CallRecord r, String node) {
        finished(r);
    }

    /** Like {@link #finished}, but only for a row that exists and has no end yet (never overwrites a known end). */
    default void finishedIfOpen(CallRecord r) {
        find(r.id()).filter(old -> old.endedAt() == null).ifPresent(old -> finished(r));
    }

    /** The row of a call, for a Maskline that takes over calls still up after a restart. */
    Optional<CallRecord> find(String id);

    /** Rows of calls on {@code node} that have no end yet (oldest first, at most {@code limit}). */
    default List<CallRecord> openCalls(String node, int limit) {
        return List.of();
    }

    /**
     * The store refused this row for good (a value too long, a constraint): writing it again cannot
     * succeed, unlike an outage. The writer replaces it with a sanitized row instead of retrying.
     */
    final class RowRejected extends RuntimeException {
        public RowRejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
