package org.maskline.ari;

import static org.maskline.ari.RestCall.path;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@code /applications}: what an application is subscribed to, which is where reconciliation starts. */
public final class Applications {
    private final RestTransport http;

    Applications(RestTransport http) {
        this.http = http;
    }

    public CompletableFuture<Application> get(String name) {
        return http.send(RestCall.get("applications.get", path("/applications/", name)), Readers.json(Application.class));
    }

    public CompletableFuture<List<Application>> list() {
        return http.send(RestCall.get("applications.list", "/applications"), Readers.list(Application.class));
    }

    /** @param eventSource {@code channel:ID}, {@code bridge:ID}, {@code endpoint:TECH/RESOURCE} or {@code deviceState:NAME} */
    public CompletableFuture<Application> subscribe(String name, String eventSource) {
        return http.send(RestCall.post("applications.subscribe", path("/applications/", name, "/subscription"))
                .param("eventSource", eventSource), Readers.json(Application.class));
    }

    public CompletableFuture<Application> unsubscribe(String name, String eventSource) {
        return http.send(RestCall.delete("applications.unsubscribe", path("/applications/", name, "/subscription"))
                .param("eventSource", eventSource), Readers.json(Application.class));
    }
}
