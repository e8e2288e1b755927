package org.maskline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.maskline.it.Sandbox;

/** The few ARI requests the benchmark makes to watch Asterisk: what channels and bridges exist. */
final class Ari {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String auth = "Basic " + Base64.getEncoder().encodeToString(
            (Sandbox.ARI_USER + ":" + Sandbox.ARI_PASSWORD).getBytes(StandardCharsets.UTF_8));

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(Sandbox.ARI_URL + path)).header("Authorization", auth)
                .timeout(Duration.ofSeconds(20)).GET().build();
        HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        // Asterisk answers 503 now and then while it is loaded (seen at 160+ calls/s): ask again.
        for (int i = 0; i < 20 && resp.statusCode() == 503; i++) {
            Thread.sleep(250);
            resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        }
        if (resp.statusCode() != 200) throw new IOException("ARI GET " + path + ": HTTP " + resp.statusCode());
        return JSON.readTree(resp.body());
    }

    int channels() throws IOException, InterruptedException {
        return get("/channels").size();
    }

    /** Bridges that hold exactly two channels: calls bridged end to end. */
    int twoPartyBridges() throws IOException, InterruptedException {
        int n = 0;
        for (JsonNode b : get("/bridges")) {
            if (b.path("channels").size() == 2) n++;
        }
        return n;
    }

    /** Waits until Asterisk has no channel left; returns how many were left at the deadline. */
    int awaitNoChannels(Duration deadline) throws IOException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        int n = channels();
        while (n > 0 && System.nanoTime() < end) {
            Thread.sleep(200); // polling ARI with a deadline: no event says "the last channel is gone"
            n = channels();
        }
        return n;
    }

    /** Hangs up every channel (clean-up after a failed trial, so the next one starts from zero). */
    void hangupAll() throws IOException, InterruptedException {
        java.util.List<java.util.concurrent.CompletableFuture<?>> all = new java.util.ArrayList<>();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(16);
        for (JsonNode c : get("/channels")) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(Sandbox.ARI_URL + "/channels/" + c.path("id").asText()))
                    .header("Authorization", auth).timeout(Duration.ofSeconds(10)).DELETE().build();
            inFlight.acquire();
            all.add(http.sendAsync(r, HttpResponse.BodyHandlers.discarding()).whenComplete((x, t) -> inFlight.release()));
        }
        for (var f : all) {
            try {
                f.join();
            } catch (RuntimeException e) {
                // a channel that went away meanwhile
            }
        }
    }
}
