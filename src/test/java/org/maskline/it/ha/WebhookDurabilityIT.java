package org.maskline.it.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.maskline.testsupport.PostgresSandbox;
import org.maskline.testsupport.WebhookReceiver;

/**
 * Nothing acknowledged is lost to the webhook: the backend is down while clients open and close
 * sessions, Maskline is killed with SIGKILL mid-stream, the backend comes back, Maskline restarts,
 * and the backend then receives exactly the events of the changes the database holds: a
 * {@code session.opened} for every session in it (every one answered 201 among them) and a
 * {@code session.closed} for every closed one, each signed.
 */
class WebhookDurabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec-durability-0123456789";
    private static final int CLIENTS = 8;
    private static final int ACKED_BEFORE_KILL = 300;

    @Test
    void everyAcknowledgedEventArrivesAfterKill9AndABackendOutageOnH2() throws Exception {
        Path dir = Files.createTempDirectory("maskline-webhooks-h2");
        String url = "jdbc:h2:file:" + dir.resolve("data/maskline");
        killDuringOutageAndCheck(dir, url, 18560); // ports no other IT uses (StandbyIT has 18520-18521)
    }

    @Test
    void everyAcknowledgedEventArrivesAfterKill9AndABackendOutageOnPostgres() throws Exception {
        Path dir = Files.createTempDirectory("maskline-webhooks-pg");
        try (PostgresSandbox.Schema schema = PostgresSandbox.freshSchema()) {
            killDuringOutageAndCheck(dir, schema.url(), 18562);
        }
    }

    private void killDuringOutageAndCheck(Path dir, String url, int port) throws Exception {
        int backendPort;
        try (WebhookReceiver probe = new WebhookReceiver(SECRET, 0).start()) {
            backendPort = probe.port(); // a free port; nothing listens on it until the backend "comes back"
        }
        Map<String, String> env = Instance.env(url, port, "webhooks");
        env.put("MASKLINE_ARI_URL", "http://127.0.0.1:9/ari"); // nothing listens: no Asterisk needed here
        env.put("MASKLINE_WEBHOOK_URL", "http://127.0.0.1:" + backendPort + "/events");
        env.put("MASKLINE_WEBHOOK_SECRET", SECRET);
        env.put("MASKLINE_WEBHOOK_TIMEOUT_MS", "1000");

        Set<String> ackedOpen = ConcurrentHashMap.newKeySet();
        Set<String> ackedClosed = ConcurrentHashMap.newKeySet();
        try (Instance first = Instance.start("first", dir, env).awaitHealthy(Duration.ofSeconds(30))) {
            for (int i = 0; i < 8; i++) {
                assertEquals(201, first.post("/v1/numbers", "{\"number\":\"+1555010" + (200 + i) + "\"}").statusCode());
            }
            openAndCloseUntilKilled(first, ackedOpen, ackedClosed);
        }
        assertTrue(ackedOpen.size() >= ACKED_BEFORE_KILL);

        try (WebhookReceiver backend = new WebhookReceiver(SECRET, backendPort).start();
             Instance second = Instance.start("second", dir, env).awaitHealthy(Duration.ofSeconds(30))) {
            backend.awaitEvents(e -> {
                Set<String> opened = ids(e, "session.opened");
                Set<String> closed = ids(e, "session.closed");
                return opened.containsAll(ackedOpen) && closed.containsAll(ackedClosed);
            }, Duration.ofSeconds(90), "an event for every acknowledged change");
            // Then the outbox drains: nothing is left that the backend has not had.
            Instance.await(Duration.ofSeconds(30), "outbox empty", () -> metric(second, "maskline_webhook_outbox_depth") == 0);
            assertEquals(0, second.terminate(Duration.ofSeconds(20)), "SIGTERM exits 0");

            assertEquals(java.util.List.of(), backend.badSignatures(), "every delivery is signed");
            Set<String> opened = ids(backend.events(), "session.opened");
            Set<String> closed = ids(backend.events(), "session.closed");
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                assertEquals(sessions(st, "SELECT id FROM sessions"), opened, "exactly the sessions the database holds");
                assertEquals(sessions(st, "SELECT id FROM sessions WHERE status = 'closed'"), closed,
                        "exactly the closings the database holds");
                StringBuilder left = new StringBuilder();
                try (ResultSet rs = st.executeQuery("SELECT seq, event_type, target, status, attempts, created_at,"
                        + " next_attempt_at, claimed_until, last_error FROM webhook_outbox")) {
                    while (rs.next()) {
                        for (int i = 1; i <= 9; i++) left.append(i == 1 ? "\n" : " ").append(rs.getString(i));
                    }
                }
                assertEquals("", left.toString(), "every event delivered and removed; left in the outbox:");
            }
        }
    }

    private static Set<String> ids(java.util.List<WebhookReceiver.Received> events, String type) {
        return events.stream().filter(r -> r.type().equals(type)).map(r -> r.data().get("id").asText())
                .collect(Collectors.toSet());
    }

    private static Set<String> sessions(Statement st, String sql) throws Exception {
        Set<String> out = new HashSet<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    private static double metric(Instance m, String name) {
        try {
            for (String line : m.get("/metrics").body().split("\n")) {
                if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /** Clients open sessions and close every third; once enough are acknowledged the process gets SIGKILL. */
    private static void openAndCloseUntilKilled(Instance m, Set<String> ackedOpen, Set<String> ackedClosed) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(ACKED_BEFORE_KILL);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.execute(() -> {
                while (!killed.get()) {
                    int n = next.getAndIncrement();
                    String body = "{\"participants\":[{\"number\":\"+3460" + (2_000_000 + n) + "\"},"
                            + "{\"number\":\"+3470" + (2_000_000 + n) + "\"}],\"ttlSeconds\":3600}";
                    try {
                        var r = m.post("/v1/sessions", body);
                        if (r.statusCode() != 201) {
                            unexpected.incrementAndGet();
                            continue;
                        }
                        JsonNode s = JSON.readTree(r.body());
                        String id = s.get("id").asText();
                        ackedOpen.add(id);
                        enough.countDown();
                        if (n % 3 == 0) {
                            var d = m.delete("/v1/sessions/" + id);
                            if (d.statusCode() == 200) ackedClosed.add(id);
                            else unexpected.incrementAndGet();
                        }
                    } catch (Exception e) {
                        if (!killed.get()) unexpected.incrementAndGet();
                    }
                }
            });
        }
        assertTrue(enough.await(60, TimeUnit.SECONDS), "only " + ackedOpen.size() + " sessions acknowledged in 60 s");
        killed.set(true);
        m.kill9();
        clients.shutdown();
        assertTrue(clients.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(0, unexpected.get(), "every request before the kill answered as it should");
    }
}
