package org.maskline.calls;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.maskline.ari.Bridge;
import org.maskline.ari.Channel;
import org.maskline.ari.ChannelCreate;

/**
 * The Asterisk operations the call flow uses, and nothing else: {@link AriCallPort} maps them to
 * ARI; unit tests record them and answer by hand. Every method returns at once.
 */
interface CallPort {
    CompletableFuture<Void> setVariables(String channelId, Map<String, String> variables);

    CompletableFuture<Void> createChannel(ChannelCreate request);

    CompletableFuture<Void> createBridge(String bridgeId, String name);

    /** Adds the channels to a mixing bridge, with connected-line updates inhibited (masking needs it). */
    CompletableFuture<Void> addToBridge(String bridgeId, List<String> channelIds);

    CompletableFuture<Void> dial(String channelId, int timeoutSeconds);

    CompletableFuture<Void> answer(String channelId);

    CompletableFuture<Void> ring(String channelId);

    CompletableFuture<Void> progress(String channelId);

    /** Hangs up with ARI's text reason (normal, busy, no_answer...). Fails with a 404 when the channel is gone. */
    CompletableFuture<Void> hangup(String channelId, String reason);

    /** Hangs up with a Q.850 cause (the caller's phone gets the matching SIP status). */
    CompletableFuture<Void> hangupWithCause(String channelId, int cause);

    CompletableFuture<Void> play(String channelId, String playbackId, String media);

    /** Stops a playback (a key pressed during a prompt); a 404 means it had ended. */
    default CompletableFuture<Void> stopPlayback(String playbackId) {
        return CompletableFuture.completedFuture(null);
    }

    CompletableFuture<Void> destroyBridge(String bridgeId);

    /** Lets a channel leave Stasis and continue in the dialplan where it was. */
    CompletableFuture<Void> continueInDialplan(String channelId);

    CompletableFuture<List<Channel>> channels();

    CompletableFuture<List<Bridge>> bridges();

    /** The ids of the channels in this Stasis application. */
    CompletableFuture<List<String>> channelsInApp(String app);

    /** Asks Asterisk to send the application only these event types. */
    CompletableFuture<Void> allowOnly(String app, List<String> eventTypes);

    /** The Asterisk node's name, for logs and for the call-log rows it owns. */
    String nodeName();
}
