package org.maskline.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An independent view of the sandbox's ARI, built on the JDK's own HTTP client so that the
 * harness does not depend on the ARI client it tests: it lists and clears channels and bridges,
 * and can listen to an application's events.
 */
public final class AriProbe implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String auth = "Basic " + Base64.getEncoder()
            .encodeToString((Sandbox.ARI_USER + ":" + Sandbox.ARI_PASSWORD).getBytes(StandardCharsets.UTF_8));
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private WebSocket socket;

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(Sandbox.ARI_URL + path)).GET());
    }

    public JsonNode post(String path) {
        return send(HttpRequest.newBuilder(URI.create(Sandbox.ARI_URL + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public void delete(String path) {
        send(HttpRequest.newBuilder(URI.create(Sandbox.ARI_URL + path)).DELETE());
    }

    public List<String> channelIds() {
        return ids(get("/channels"));
    }

    public List<String> bridgeIds() {
        return ids(get("/bridges"));
    }

    /**
     * Hangs up every channel and destroys every bridge, ignoring ones that vanish meanwhile, and
     * lifts any event filter an earlier test's Maskline set on the application.
     */
    public void clear() {
        quietly(() -> send(HttpRequest.newBuilder(URI.create(Sandbox.ARI_URL + "/applications/" + Sandbox.ARI_APP + "/eventFilter"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}"))));
        for (String id : channelIds()) {
            quietly(() -> delete("/channels/" + id));
        }
        for (String id : bridgeIds()) {
            quietly(() -> delete("/bridges/" + id));
        }
    }

    /**
     * Waits for the sandbox to hold no channel and no bridge. Returns what was left when the
     * deadline passed (empty when clean).
     */
    public List<String> awaitEmpty(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        List<String> left;
        do {
            left = new ArrayList<>();
            for (JsonNode c : get("/channels")) left.add("channel " + c.path("id").asText() + " " + c.path("name").asText());
            for (JsonNode b : get("/bridges")) left.add("bridge " + b.path("id").asText() + " " + b.path("channels"));
            if (left.isEmpty()) return left;
            Thread.sleep(50); // polling an external system with a deadline; there is no event for "nothing left"
        } while (System.nanoTime() < end);
        return left;
    }

    /** Connects to the events WebSocket of {@code app}; events are then queued for {@link #awaitEvent}. */
    public void listen(String app) {
        URI uri = URI.create(Sandbox.ARI_URL.replace("http://", "ws://") + "/events?app=" + app + "&subscribeAll=false");
        socket = http.newWebSocketBuilder().header("Authorization", auth)
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                events.add(JSON.readTree(text.toString()));
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
    }

    /** The next event matching {@code match}, skipping others; fails after the deadline. */
    public JsonNode awaitEvent(Predicate<JsonNode> match, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            JsonNode e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) throw new AssertionError("no matching ARI event within " + deadline);
            if (match.test(e)) return e;
        }
    }

    public static Predicate<JsonNode> type(String type) {
        return e -> type.equals(e.path("type").asText());
    }

    @Override
    public void close() {
        if (socket != null) socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(t -> null);
    }

    private JsonNode send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = http.send(b.header("Authorization", auth).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) throw new IllegalStateException("ARI " + r.statusCode() + ": " + r.body());
            return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("ARI unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (IllegalStateException ignored) {
            // already gone
        }
    }
}
