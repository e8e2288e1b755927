package org.maskline.sessions;

/**
 * The route for a call: who is calling whom, through which numbers.
 *
 * @param callerProxy the number the caller dialed (the caller's own proxy number)
 * @param calleeProxy the callee's proxy number, shown to the callee as the caller ID
 * @param mode        what the session carries (a call or a message outside it is refused)
 */
public record Route(String sessionId, String callerNumber, String callerProxy, String calleeNumber, String calleeProxy,
                    SessionMode mode) {
    public Route {
        mode = mode == null ? SessionMode.DEFAULT : mode;
    }

    /** A route of a session that carries calls and messages (the default mode). */
    public Route(String sessionId, String callerNumber, String callerProxy, String calleeNumber, String calleeProxy) {
        this(sessionId, callerNumber, callerProxy, calleeNumber, calleeProxy, SessionMode.DEFAULT);
    }
}
