package org.maskline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.maskline.config.HostPort;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;

/** HTTP/1.1 as clients use and abuse it, over raw sockets: pipelining, Connection: close, limits, timeouts, floods. */
class HttpConnectionTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DEADLINE = Duration.ofSeconds(10);

    Store store;
    ApiServer server;

    ApiServer start(Readiness readiness, Limits limits) {
        store = Store.open(new StoreSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4,
                Duration.ofDays(90)), Clock.systemUTC());
        server = new ApiServer(new HostPort("127.0.0.1", 0), List.of(ApiServerTest.KEY),
                new SessionPolicy("ES", Duration.ofHours(4), Clock.systemUTC()), store,
                readiness == null ? () -> List.of() : readiness, limits).start();
        return server;
    }

    ApiServer start() {
        return start(null, Limits.DEFAULT);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (store != null) store.close();
    }

    static JsonNode json(RawHttp.Response r) throws IOException {
        return JSON.readTree(r.body());
    }

    static String auth() {
        return "Authorization: Bearer " + ApiServerTest.KEY;
    }

    @Test
    void twentyPipelinedRequestsInOneWriteAreAnsweredInOrder() throws Exception {
        start();
        // Replies that take different paths: 404s from workers, /health on the event loop, 401s.
        List<String> expected = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i % 5 == 2) {
                all.append(RawHttp.get("/health"));
                expected.add("health");
            } else if (i % 5 == 4) {
                all.append(RawHttp.get("/v1/sessions/s" + i));
                expected.add("401");
            } else {
                all.append(RawHttp.get("/v1/sessions/s" + i, auth()));
                expected.add("'s" + i + "'");
            }
        }
        try (RawHttp c = new RawHttp(server.port())) {
            c.send(all.toString());
            for (int i = 0; i < 20; i++) {
                RawHttp.Response r = c.read();
                String want = expected.get(i);
                switch (want) {
                    case "health" -> assertEquals(200, r.status(), "reply " + i);
                    case "401" -> assertEquals(401, r.status(), "reply " + i);
                    default -> {
                        assertEquals(404, r.status(), "reply " + i);
                        assertTrue(json(r).at("/error/message").asText().contains(want), "reply " + i + " is " + r.body());
                    }
                }
            }
            assertFalse(c.closedByServerWithin(Duration.ofMillis(200)), "a keep-alive connection stays open");
        }
    }

    @Test
    void connectionCloseIsHonouredAfterEveryEarlierReply() throws Exception {
        start();
        String req = RawHttp.get("/v1/sessions/a", auth()) + RawHttp.get("/health") + RawHttp.get("/v1/sessions/c", auth())
                + RawHttp.get("/health", "Connection: close") + RawHttp.get("/v1/sessions/never", auth());
        try (RawHttp c = new RawHttp(server.port())) {
            c.send(req);
            assertEquals(404, c.read().status());
            assertEquals(200, c.read().status());
            assertEquals(404, c.read().status());
            RawHttp.Response last = c.read();
            assertEquals(200, last.status());
            assertEquals("close", last.header("Connection"));
            assertTrue(c.closedByServer(), "closed after the reply to the Connection: close request; the next one unanswered");
        }
    }

    @Test
    void anHttp10ClientKeepsItsConnectionOnlyWhenItAsks() throws Exception {
        start();
        try (RawHttp c = new RawHttp(server.port())) {
            RawHttp.Response r = c.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertEquals("keep-alive", r.header("Connection"));
            assertEquals(200, c.send("GET /health HTTP/1.0\r\n\r\n").read().status());
            assertTrue(c.closedByServer(), "HTTP/1.0 without keep-alive: closed after the reply");
        }
    }

    @Test
    void aClientThatNeverReadsDoesNotStarveOthersNorGrowTheServer() throws Exception {
        start();
        byte[] one = RawHttp.get("/metrics").getBytes(StandardCharsets.US_ASCII);
        byte[] burst = new byte[one.length * 1000];
        for (int i = 0; i < 1000; i++) System.arraycopy(one, 0, burst, i * one.length, one.length);
        int bursts = 1000; // a million requests, about 38 MB: far more than socket buffers hold
        AtomicLong written = new AtomicLong();
        Socket flooder = new Socket();
        flooder.setReceiveBufferSize(4096);
        flooder.connect(new InetSocketAddress("127.0.0.1", server.port()));
        Thread t = Thread.ofPlatform().daemon().start(() -> {
            try {
                OutputStream out = flooder.getOutputStream();
                for (int i = 0; i < bursts; i++) {
                    out.write(burst);
                    written.addAndGet(1000);
                }
            } catch (IOException e) {
                // closed at the end of the test
            }
        });
        try {
            awaitTrue(() -> server.inFlight() > 0, "the flood reached the server");
            long maxInFlight = 0;
            for (int round = 0; round < 20; round++) {
                long t0 = System.nanoTime();
                try (RawHttp other = new RawHttp(server.port())) {
                    other.socket.setSoTimeout((int) DEADLINE.toMillis());
                    other.send(RawHttp.get("/health") + RawHttp.get("/v1/numbers", auth()));
                    assertEquals(200, other.read().status());
                    assertEquals(200, other.read().status());
                }
                assertTrue(System.nanoTime() - t0 < DEADLINE.toNanos(), "another client was served before the deadline");
                maxInFlight = Math.max(maxInFlight, server.inFlight());
                assertTrue(server.inFlight() <= Limits.DEFAULT.maxInFlight() + 2, "in flight: " + server.inFlight());
                assertTrue(server.queued() <= Limits.DEFAULT.maxInFlight() + 2, "queued: " + server.queued());
            }
            assertTrue(written.get() < bursts * 1000L, "the server stopped reading the flood (wrote " + written.get() + ")");
        } finally {
            flooder.close();
            t.join(DEADLINE.toMillis());
        }
        awaitTrue(() -> server.inFlight() == 0, "the flood's requests are dropped with its connection");
    }

    @Test
    void aFullWorkQueueAnswers503OverloadedInTurn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        start(() -> {
            entered.countDown();
            try {
                release.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        }, new Limits(1 << 20, 16, 1, 1, Duration.ofSeconds(10), Duration.ofSeconds(60)));
        try (RawHttp c = new RawHttp(server.port())) {
            c.send(RawHttp.get("/ready"));
            assertTrue(entered.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
            c.send(RawHttp.get("/ready") + RawHttp.get("/ready"));
            awaitTrue(() -> server.inFlight() == 3, "three requests taken");
            release.countDown();
            assertEquals(200, c.read().status());
            assertEquals(200, c.read().status());
            RawHttp.Response r = c.read();
            assertEquals(503, r.status());
            assertEquals("overloaded", json(r).at("/error/code").asText());
            assertEquals("1", r.header("Retry-After"));
        }
    }

    @Test
    void bodyLimitsAndExpectationsAnswerInTheErrorShape() throws Exception {
        start();
        try (RawHttp c = new RawHttp(server.port())) {
            c.send(RawHttp.get("/health") + "POST /v1/numbers HTTP/1.1\r\nHost: t\r\n" + auth()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n");
            assertEquals(200, c.read().status(), "the earlier reply first");
            RawHttp.Response r = c.read();
            assertEquals(413, r.status());
            assertEquals("too_large", json(r).at("/error/code").asText());
            assertTrue(c.closedByServer());
        }
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("POST /v1/numbers HTTP/1.1\r\nHost: t\r\n" + auth() + "\r\nExpect: 100-continue\r\nContent-Length: 3000000\r\n\r\n");
            RawHttp.Response r = c.read();
            assertEquals(413, r.status());
            assertEquals("too_large", json(r).at("/error/code").asText());
        }
        try (RawHttp c = new RawHttp(server.port())) {
            c.send(RawHttp.post("/v1/numbers", "application/json", "{\"number\":\"+15550100\"}", "Expect: gold"));
            RawHttp.Response r = c.read();
            assertEquals(417, r.status());
            assertEquals("expectation_failed", json(r).at("/error/code").asText());
        }
        try (RawHttp c = new RawHttp(server.port())) {
            String body = "{\"number\":\"+15550100\"}";
            c.send("POST /v1/numbers HTTP/1.1\r\nHost: t\r\n" + auth() + "\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n");
            assertEquals(100, c.read().status());
            c.send(body);
            assertEquals(201, c.read().status());
        }
        try (RawHttp c = new RawHttp(server.port())) {
            RawHttp.Response r = c.send(RawHttp.post("/v1/numbers", "application/x-www-form-urlencoded", "number=%2B15550101")).read();
            assertEquals(415, r.status());
            assertEquals("unsupported_media_type", json(r).at("/error/code").asText());
            r = c.send("PUT /v1/numbers HTTP/1.1\r\nHost: t\r\n" + auth() + "\r\nContent-Length: 0\r\n\r\n").read();
            assertEquals(405, r.status());
            assertEquals("method_not_allowed", json(r).at("/error/code").asText());
            assertEquals("GET, POST", r.header("Allow"));
        }
    }

    @Test
    void aContinueNeverOvertakesAnEarlierPipelinedReply() throws Exception {
        start();
        String body = "{\"number\":\"+15550102\"}";
        try (RawHttp c = new RawHttp(server.port())) {
            c.send(RawHttp.get("/v1/sessions/first", auth()) + "POST /v1/numbers HTTP/1.1\r\nHost: t\r\n" + auth()
                    + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body);
            assertEquals(404, c.read().status(), "the earlier reply first, no interim 100 before it");
            assertEquals(201, c.read().status());
        }
    }

    @Test
    void malformedAndOversizedHeadsAnswerInTheErrorShape() throws Exception {
        start();
        try (RawHttp c = new RawHttp(server.port())) {
            RawHttp.Response r = c.send(RawHttp.get("/v1/" + "x".repeat(5000), auth())).read();
            assertEquals(414, r.status());
            assertEquals("uri_too_long", json(r).at("/error/code").asText());
        }
        try (RawHttp c = new RawHttp(server.port())) {
            RawHttp.Response r = c.send(RawHttp.get("/health", "X-Big: " + "y".repeat(10_000))).read();
            assertEquals(431, r.status());
            assertEquals("headers_too_large", json(r).at("/error/code").asText());
        }
    }

    @Test
    void errorMessagesCarryNoLibraryInternalsAndCapEchoedInput() throws Exception {
        start();
        try (RawHttp c = new RawHttp(server.port())) {
            RawHttp.Response r = c.send(RawHttp.post("/v1/numbers", "application/json", "{\"number\":\"+15550100\"} {\"x\":1}")).read();
            assertEquals(400, r.status());
            String m = json(r).at("/error/message").asText();
            assertTrue(m.startsWith("malformed JSON at line 1"), m);
            r = c.send(RawHttp.post("/v1/numbers", "application/json", "{\"number\":tru")).read();
            m = json(r).at("/error/message").asText();
            assertFalse(m.contains("jackson") || m.contains("Unrecognized") || m.contains("source:"), m);
            String longId = "z".repeat(500) + "%1B%5B31m";
            r = c.send(RawHttp.get("/v1/sessions/" + longId, auth())).read();
            assertEquals(404, r.status());
            m = json(r).at("/error/message").asText();
            assertTrue(m.length() < 100 && m.contains("..."), m);
            r = c.send(RawHttp.get("/v1/sessions/ab%1B%5B31m", auth())).read();
            m = json(r).at("/error/message").asText();
            assertFalse(m.contains("\u001b"), m);
        }
    }

    @Test
    void aRequestTrickledTooSlowlyAndAnIdleConnectionAreClosed() throws Exception {
        start(null, new Limits(1 << 20, 16, 4, 16, Duration.ofMillis(300), Duration.ofMillis(500)));
        try (RawHttp c = new RawHttp(server.port())) {
            c.send("GET /health HTTP/1.1\r\nHost: t\r\nX-Slow: ");
            assertTrue(c.closedByServer(), "headers not done within the request timeout");
        }
        try (RawHttp c = new RawHttp(server.port())) {
            assertEquals(200, c.send(RawHttp.get("/health")).read().status());
            assertTrue(c.closedByServer(), "idle after its reply");
        }
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            Thread.sleep(5); // polling a counter with a deadline; nothing to wait on
        }
        assertNotNull(what);
    }
}
