package org.maskline.ari;

import static org.maskline.ari.RestCall.path;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code /bridges}. */
public final class Bridges {
    private final RestTransport http;

    Bridges(RestTransport http) {
        this.http = http;
    }

    /**
     * Creates a bridge with our id ({@code POST /bridges/{id}}); a null id lets Asterisk choose one.
     *
     * @param type comma-separated features: mixing, holding, dtmf_events, proxy_media, video_sfu, video_single
     */
    public CompletableFuture<Bridge> create(String bridgeId, String type, String name) {
        String where = bridgeId == null ? "/bridges" : path("/bridges/", bridgeId);
        return http.send(RestCall.post("bridges.create", where)
                .param("type", type)
                .param("name", name), Readers.json(Bridge.class));
    }

    /**
     * Adds channels. With {@code inhibitConnectedLineUpdates} the parties are not told each other's identity
     * (no connected-line re-INVITE), which masking needs.
     */
    public CompletableFuture<Void> addChannel(String bridgeId, List<String> channelIds, boolean inhibitConnectedLineUpdates) {
        return http.send(RestCall.post("bridges.addChannel", path("/bridges/", bridgeId, "/addChannel"))
                .param("channel", String.join(",", channelIds))
                .param("inhibitConnectedLineUpdates", inhibitConnectedLineUpdates ? Boolean.TRUE : null), Readers.none());
    }

    public CompletableFuture<Void> removeChannel(String bridgeId, String channelId) {
        return http.send(RestCall.post("bridges.removeChannel", path("/bridges/", bridgeId, "/removeChannel"))
                .param("channel", channelId), Readers.none());
    }

    /** Destroys the bridge; channels in it stay up and leave it. */
    public CompletableFuture<Void> destroy(String bridgeId) {
        return http.send(RestCall.delete("bridges.destroy", path("/bridges/", bridgeId)), Readers.none());
    }

    public CompletableFuture<List<Bridge>> list() {
        return http.send(RestCall.get("bridges.list", "/bridges"), Readers.list(Bridge.class));
    }

    public CompletableFuture<Bridge> get(String bridgeId) {
        return http.send(RestCall.get("bridges.get", path("/bridges/", bridgeId)), Readers.json(Bridge.class));
    }

    public CompletableFuture<LiveRecording> record(String bridgeId, RecordRequest req) {
        return http.send(RecordParams.apply(RestCall.post("bridges.record", path("/bridges/", bridgeId, "/record")), req),
                Readers.json(LiveRecording.class));
    }

    public CompletableFuture<Playback> play(String bridgeId, String playbackId, String... media) {
        if (media.length == 0) {
            throw new IllegalArgumentException("play needs at least one media URI");
        }
        return http.send(RestCall.post("bridges.play", path("/bridges/", bridgeId, "/play"))
                .param("media", String.join(",", media))
                .param("playbackId", playbackId), Readers.json(Playback.class));
    }
}
