package org.maskline.store;

/** Where the call flow records calls. Both methods are idempotent for a given call id. */
public interface CallLog {
    /** Records a call as it starts. */
    void started(CallRecord r);

    /** Records how a call ended: updates answeredAt, endedAt, outcome and hangupCause; inserts the call if it is missing. */
    void finished(CallRecord r);

    /** The row of a call, for a Maskline that takes over calls still up after a restart. */
    java.util.Optional<CallRecord> find(String id);
}
