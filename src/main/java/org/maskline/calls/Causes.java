package org.maskline.calls;

import org.maskline.store.CallOutcome;

/**
 * Q.850 hang-up causes, as Asterisk reports them for the callee's leg and takes them for the
 * caller's. Passing the callee's cause to the caller is what makes the caller's phone see the
 * truth: Asterisk turns 17 into SIP 486, 19 into 480, 21 into 403, 34 into 503, and so on.
 */
final class Causes {
    static final int UNALLOCATED = 1;
    static final int NORMAL_CLEARING = 16;
    static final int USER_BUSY = 17;
    static final int NO_USER_RESPONSE = 18;
    static final int NO_ANSWER = 19;
    static final int CALL_REJECTED = 21;
    static final int NO_ROUTE_AVAILABLE = 34; // "circuit/channel congestion": SIP 503
    static final int TEMPORARY_FAILURE = 41;

    private Causes() {}

    /** The outcome of a call whose callee leg ended with {@code cause} before it was answered. */
    static CallOutcome unansweredOutcome(int cause) {
        return switch (cause) {
            case USER_BUSY -> CallOutcome.BUSY;
            case NO_USER_RESPONSE, NO_ANSWER -> CallOutcome.NO_ANSWER;
            default -> CallOutcome.FAILED;
        };
    }

    /**
     * The cause to give the caller when the callee's leg failed with {@code cause}. A normal
     * clearing before answer means the callee side gave up without saying why: tell the caller
     * "temporarily unavailable" (480) rather than nothing.
     */
    static int forCaller(int cause) {
        return cause == NORMAL_CLEARING || cause == 0 ? NO_ANSWER : cause;
    }

    /** The name the call log shows for a cause. */
    static String name(int cause) {
        return switch (cause) {
            case UNALLOCATED -> "unallocated";
            case NORMAL_CLEARING -> "normal_clearing";
            case USER_BUSY -> "user_busy";
            case NO_USER_RESPONSE -> "no_user_response";
            case NO_ANSWER -> "no_answer";
            case CALL_REJECTED -> "call_rejected";
            case NO_ROUTE_AVAILABLE -> "congestion";
            case TEMPORARY_FAILURE -> "temporary_failure";
            default -> "cause_" + cause;
        };
    }
}
