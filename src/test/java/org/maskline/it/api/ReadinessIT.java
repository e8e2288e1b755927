package org.maskline.it.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.Server;
import org.maskline.config.Config;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;

/** /ready follows Asterisk: 503 naming "ari" while it is stopped, 200 again once the client is back; /health stays 200. */
@ExtendWith(SandboxExtension.class)
class ReadinessIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String ADDR = "127.0.0.1:18481";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readyIs503WhileAsteriskIsStopped(Sandbox sandbox) throws Exception {
        Config config = Config.load(Map.of(
                "MASKLINE_API_KEYS", "readiness-it-key-0123456789",
                "MASKLINE_HTTP_ADDR", ADDR,
                "MASKLINE_DB_URL", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "MASKLINE_ARI_URL", Sandbox.ARI_URL,
                "MASKLINE_ARI_USER", Sandbox.ARI_USER,
                "MASKLINE_ARI_PASSWORD", Sandbox.ARI_PASSWORD,
                "MASKLINE_ARI_APP", Sandbox.ARI_APP), Optional.empty());
        try (Server server = Server.start(config)) {
            awaitReady(200, "[]");
            try {
                sandbox.stop();
                JsonNode down = awaitReady(503, "[\"ari\"]");
                assertEquals("not_ready", down.at("/error/code").asText());
                assertEquals(200, get("/health").statusCode(), "the process still lives");
            } finally {
                sandbox.start();
            }
            awaitReady(200, "[]");
        }
    }

    private JsonNode awaitReady(int status, String down) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> r = get("/ready");
                JsonNode body = json.readTree(r.body());
                if (r.statusCode() == status && body.path("down").toString().equals(down)) {
                    return body;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(50); // the state changes in another process; poll it with a deadline
        }
        throw new AssertionError("/ready did not answer " + status + " " + down + " within " + DEADLINE + "; last: " + last);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + ADDR + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
