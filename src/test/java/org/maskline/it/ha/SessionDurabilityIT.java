package org.maskline.it.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.maskline.sessions.Route;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;
import org.maskline.testsupport.PostgresSandbox;

/**
 * A 201 is on disk: Maskline is killed with SIGKILL while 16 clients create sessions, restarted, and
 * every session it had answered 201 is still there, open, and routes both ways. On the default H2
 * (a file) and on PostgreSQL. The ARI URL points nowhere: this is about the store only.
 */
class SessionDurabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 16;
    /** Enough acknowledged sessions that H2's old 500 ms write delay would have lost some. */
    private static final int ACKED_BEFORE_KILL = 600;

    @Test
    void everySessionAnswered201SurvivesKill9OnH2() throws Exception {
        Path dir = Files.createTempDirectory("maskline-durability-h2");
        // The default URL's form: a file, nothing about write delays.
        String url = "jdbc:h2:file:" + dir.resolve("data/maskline");
        killDuringCreationAndCheck(dir, url, 18510);
    }

    @Test
    void everySessionAnswered201SurvivesKill9OnPostgres() throws Exception {
        Path dir = Files.createTempDirectory("maskline-durability-pg");
        try (PostgresSandbox.Schema schema = PostgresSandbox.freshSchema()) {
            killDuringCreationAndCheck(dir, schema.url(), 18512);
        }
    }

    private void killDuringCreationAndCheck(Path dir, String url, int port) throws Exception {
        Map<String, String> env = Instance.env(url, port, "durability");
        env.put("MASKLINE_ARI_URL", "http://127.0.0.1:9/ari"); // nothing listens: no Asterisk needed here
        List<JsonNode> acked;
        try (Instance first = Instance.start("first", dir, env).awaitHealthy(Duration.ofSeconds(30))) {
            for (int i = 0; i < 8; i++) {
                assertEquals(201, first.post("/v1/numbers", "{\"number\":\"+1555010" + (100 + i) + "\"}").statusCode());
            }
            acked = createUntilKilled(first);
        }
        assertTrue(acked.size() >= ACKED_BEFORE_KILL, "acknowledged before the kill: " + acked.size());

        try (Instance second = Instance.start("second", dir, env).awaitHealthy(Duration.ofSeconds(30))) {
            for (JsonNode s : acked) {
                var r = second.get("/v1/sessions/" + s.get("id").asText());
                assertEquals(200, r.statusCode(), "session answered 201 before kill -9: " + s + " -> " + r.body());
                assertEquals("open", JSON.readTree(r.body()).get("status").asText());
            }
            assertEquals(0, second.terminate(Duration.ofSeconds(20)), "SIGTERM exits 0");
        }
        // The route look-up the call flow uses, through the store, for both directions of every session.
        try (Store store = Store.open(new StoreSettings(url, "", "", 2, Duration.ofDays(90)), Clock.systemUTC())) {
            for (JsonNode s : acked) {
                JsonNode a = s.get("participants").get(0);
                JsonNode b = s.get("participants").get(1);
                Route ab = store.routes().findRoute(a.get("number").asText(), a.get("proxyNumber").asText()).orElseThrow(
                        () -> new AssertionError("no route for an acknowledged session: " + s));
                assertEquals(b.get("number").asText(), ab.calleeNumber());
                Route ba = store.routes().findRoute(b.get("number").asText(), b.get("proxyNumber").asText()).orElseThrow();
                assertEquals(a.get("number").asText(), ba.calleeNumber());
            }
        }
    }

    /** 16 clients create sessions; once enough are acknowledged the process gets SIGKILL mid-stream. */
    private static List<JsonNode> createUntilKilled(Instance m) throws Exception {
        ConcurrentLinkedQueue<JsonNode> acked = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(ACKED_BEFORE_KILL);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.execute(() -> {
                while (!killed.get()) {
                    int n = next.getAndIncrement();
                    // Every session has two numbers of its own, so none competes for the pool.
                    String body = "{\"participants\":[{\"number\":\"+3460" + (1_000_000 + n) + "\"},"
                            + "{\"number\":\"+3470" + (1_000_000 + n) + "\"}],\"ttlSeconds\":3600}";
                    try {
                        var r = m.post("/v1/sessions", body);
                        if (r.statusCode() == 201) {
                            acked.add(JSON.readTree(r.body()));
                            enough.countDown();
                        } else {
                            unexpected.incrementAndGet();
                        }
                    } catch (Exception e) {
                        if (!killed.get()) unexpected.incrementAndGet();
                    }
                }
            });
        }
        assertTrue(enough.await(60, TimeUnit.SECONDS), "only " + acked.size() + " sessions acknowledged in 60 s");
        killed.set(true); // no new requests; the 16 in flight are cut by the kill
        m.kill9();
        clients.shutdown();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(0, unexpected.get(), "every request before the kill answered 201");
        return new ArrayList<>(acked);
    }
}
