package org.maskline.calls;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.maskline.ari.AriClient;
import org.maskline.ari.Bridge;
import org.maskline.ari.Channel;
import org.maskline.ari.ChannelCreate;

/** {@link CallPort} over one node's ARI client. */
final class AriCallPort implements CallPort {
    private final AriClient ari;

    AriCallPort(AriClient ari) {
        this.ari = ari;
    }

    @Override
    public CompletableFuture<Void> setVariables(String channelId, Map<String, String> variables) {
        return ari.channels().setVariables(channelId, variables);
    }

    @Override
    public CompletableFuture<Void> createChannel(ChannelCreate request) {
        return ari.channels().create(request).thenApply(c -> null);
    }

    @Override
    public CompletableFuture<Void> createBridge(String bridgeId, String name) {
        return ari.bridges().create(bridgeId, "mixing", name).thenApply(b -> null);
    }

    @Override
    public CompletableFuture<Void> addToBridge(String bridgeId, List<String> channelIds) {
        return ari.bridges().addChannel(bridgeId, channelIds, true);
    }

    @Override
    public CompletableFuture<Void> dial(String channelId, int timeoutSeconds) {
        return ari.channels().dial(channelId, null, timeoutSeconds);
    }

    @Override
    public CompletableFuture<Void> answer(String channelId) {
        return ari.channels().answer(channelId);
    }

    @Override
    public CompletableFuture<Void> ring(String channelId) {
        return ari.channels().ring(channelId);
    }

    @Override
    public CompletableFuture<Void> progress(String channelId) {
        return ari.channels().progress(channelId);
    }

    @Override
    public CompletableFuture<Void> hangup(String channelId, String reason) {
        return ari.channels().hangup(channelId, reason);
    }

    @Override
    public CompletableFuture<Void> hangupWithCause(String channelId, int cause) {
        return ari.channels().hangupWithCause(channelId, cause);
    }

    @Override
    public CompletableFuture<Void> play(String channelId, String playbackId, String media) {
        return ari.channels().play(channelId, playbackId, media).thenApply(p -> null);
    }

    @Override
    public CompletableFuture<Void> stopPlayback(String playbackId) {
        return ari.playbacks().stop(playbackId);
    }

    @Override
    public CompletableFuture<Void> destroyBridge(String bridgeId) {
        return ari.bridges().destroy(bridgeId);
    }

    @Override
    public CompletableFuture<Void> continueInDialplan(String channelId) {
        return ari.channels().continueInDialplan(channelId, null, null, null, null);
    }

    @Override
    public CompletableFuture<List<Channel>> channels() {
        return ari.channels().list();
    }

    @Override
    public CompletableFuture<List<Bridge>> bridges() {
        return ari.bridges().list();
    }

    @Override
    public CompletableFuture<List<String>> channelsInApp(String app) {
        return ari.applications().get(app).thenApply(a -> a.channelIds());
    }

    @Override
    public CompletableFuture<Void> allowOnly(String app, List<String> eventTypes) {
        return ari.applications().allowOnly(app, eventTypes).thenApply(a -> null);
    }

    @Override
    public String nodeName() {
        return ari.nodeName();
    }
}
