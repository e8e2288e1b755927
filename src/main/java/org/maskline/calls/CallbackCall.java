package org.maskline.calls;

import java.util.function.Consumer;

/**
 * A callback to place: call {@code requester} showing {@code requesterProxy}, play "connecting you",
 * then call {@code target} showing {@code targetProxy}, and bridge them.
 *
 * @param onEnd told once, when the call has ended
 */
public record CallbackCall(String callbackId, String sessionId, String requester, String requesterProxy, String target,
                           String targetProxy, Consumer<Result> onEnd) {
    /**
     * How the attempt went.
     *
     * @param connected the target answered and the two were bridged
     * @param callId    the call-log row of the attempt
     */
    public record Result(boolean connected, String outcome, String callId) {}
}
