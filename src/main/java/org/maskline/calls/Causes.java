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
    /** What chan_pjsip sets before it hangs up a channel whose RTP stopped (rtp_timeout). */
    static final int REQUESTED_CHAN_UNAVAIL = 44;

    // Asterisk's soft-hangup flags (channel.h), which a soft ChannelHangupRequest carries as its "cause".
    static final int SOFT_DEV = 1;
    static final int SOFT_SHUTDOWN = 1 << 2;
    static final int SOFT_TIMEOUT = 1 << 3;
    static final int SOFT_APPUNLOAD = 1 << 4;
    static final int SOFT_EXPLICIT = 1 << 5;

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

    /**
     * Why Asterisk itself (not a phone, not Maskline) asked a channel to hang up, from the flags of a
     * soft hang-up request: {@code asterisk_shutdown} (restart, stop, module unload),
     * {@code absolute_timeout}, {@code hangup_requested} (the CLI or another ARI client), or
     * {@code asterisk_hangup} for a channel driver's own reason (refined by the destroy cause,
     * see {@link #byDestroyCause}).
     */
    static String softHangupReason(int flags) {
        if ((flags & (SOFT_SHUTDOWN | SOFT_APPUNLOAD)) != 0) return "asterisk_shutdown";
        if ((flags & SOFT_TIMEOUT) != 0) return "absolute_timeout";
        if ((flags & SOFT_EXPLICIT) != 0) return "hangup_requested";
        return "asterisk_hangup";
    }

    /** A sharper reason from the cause a channel was destroyed with, when Asterisk hung it up itself. */
    static String byDestroyCause(String reason, int cause) {
        if ("asterisk_hangup".equals(reason) && cause == REQUESTED_CHAN_UNAVAIL) return "rtp_timeout";
        return reason;
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
            case REQUESTED_CHAN_UNAVAIL -> "requested_chan_unavail";
            default -> "cause_" + cause;
        };
    }
}
