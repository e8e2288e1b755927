package org.maskline.ari;

import static org.maskline.ari.RestCall.path;

import java.util.List;
import java.util.Map;
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

    /**
     * Sends the application only events of these types ({@code PUT .../eventFilter}); an empty
     * list allows every type again. Asterisk still builds each event, but no longer serializes,
     * sends and has us decode the ones nobody reads: most of a call's events are snapshots
     * (entered bridge, caller id changed, variable set, ...) that a router ignores.
     */
    public CompletableFuture<Application> allowOnly(String name, List<String> eventTypes) {
        List<Map<String, String>> allowed = eventTypes.stream().map(t -> Map.of("type", t)).toList();
        return http.send(RestCall.put("applications.filter", path("/applications/", name, "/eventFilter"))
                .withBody(Map.of("allowed", allowed)), Readers.json(Application.class));
    }
}
