package org.maskline.sessions;

/**
 * The route for a call: who is calling whom, through which numbers.
 *
 * @param callerProxy the number the caller dialed (the caller's own proxy number)
 * @param calleeProxy the callee's proxy number, shown to the callee as the caller ID
 */
public record Route(String sessionId, String callerNumber, String callerProxy, String calleeNumber, String calleeProxy) {}
