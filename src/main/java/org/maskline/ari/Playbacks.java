package org.maskline.ari;

import static org.maskline.ari.RestCall.path;

import java.util.concurrent.CompletableFuture;

/** {@code /playbacks}: stopping a prompt when the caller has already pressed a key (barge-in). */
public final class Playbacks {
    private final RestTransport http;

    Playbacks(RestTransport http) {
        this.http = http;
    }

    /** {@code DELETE /playbacks/{id}}: stops it; a 404 means it had finished already. */
    public CompletableFuture<Void> stop(String playbackId) {
        return http.send(RestCall.delete("playbacks.stop", path("/playbacks/", playbackId)), Readers.none());
    }
}
