package org.maskline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.config.HostPort;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;
import org.maskline.testsupport.MutableClock;

/** Every endpoint and error code, over real HTTP to a real server on H2; every reply is checked against openapi.json. */
class ApiServerTest {
    static final String KEY = "test-key-0123456789abcdef";
    static final OpenApiDoc DOC = new OpenApiDoc();
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = MutableClock.atNow();
    final HttpClient http = HttpClient.newHttpClient();
    Store store;
    ApiServer server;

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String code() {
            return body.path("error").path("code").asText();
        }

        String message() {
            return body.path("error").path("message").asText();
        }
    }

    @BeforeEach
    void start() {
        store = Store.open(new StoreSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 10,
                Duration.ofDays(90)), clock);
        server = new ApiServer(new HostPort("127.0.0.1", 0), List.of(KEY, "second-key-0123456789"),
                new SessionPolicy("ES", Duration.ofHours(4), clock), store).start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    Reply call(String method, String path, String body) {
        return call(method, path, body, "Bearer " + KEY);
    }

    Reply call(String method, String path, String body, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                json = JSON.readTree(r.body());
            }
            if (!path.startsWith("/metrics") && !path.startsWith("/v1/openapi.json") && isDocumented(path) && r.statusCode() != 405) {
                DOC.check(method, path.replaceAll("\\?.*", ""), r.statusCode(), json);
            }
            return new Reply(r.statusCode(), json, r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isDocumented(String path) {
        try {
            DOC.template(path.replaceAll("\\?.*", ""));
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    Reply addNumber(String n) {
        Reply r = call("POST", "/v1/numbers", "{\"number\":\"" + n + "\"}");
        assertEquals(201, r.status(), () -> r.body().toString());
        return r;
    }

    Reply createSession(String a, String b, String extra) {
        return call("POST", "/v1/sessions", "{\"participants\":[{\"number\":\"" + a + "\",\"label\":\"rider\"},"
                + "{\"number\":\"" + b + "\",\"label\":\"driver\"}]" + extra + "}");
    }

    static void assertError(Reply r, int status, String code) {
        assertEquals(status, r.status(), () -> String.valueOf(r.body()));
        assertEquals(code, r.code(), () -> String.valueOf(r.body()));
        assertFalse(r.message().isEmpty());
    }

    // --- routes and the document ---

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
        assertEquals(DOC.routes(), new TreeSet<>(server.routes()));
        Reply r = call("GET", "/v1/openapi.json", null);
        assertEquals(200, r.status());
        assertEquals(DOC.root(), r.body());
    }

    @Test
    void healthAndMetricsNeedNoKey() {
        Reply health = call("GET", "/health", null, null);
        assertEquals(200, health.status());
        assertEquals("ok", health.body().get("status").asText());
        addNumber("+15550100");
        createSession("+34600111222", "+34600333444", "");
        Reply metrics = call("GET", "/metrics", null, null);
        assertEquals(200, metrics.status());
        String text = metrics.raw().body();
        assertTrue(text.contains("maskline_sessions_opened_total"), text);
        assertTrue(text.contains("maskline_pool_numbers 1.0"), text);
        assertTrue(text.contains("maskline_pool_numbers_in_use 1.0"), text);
        assertTrue(text.contains("maskline_api_requests_total{status=\"201\"}"), text);
    }

    @Test
    void v1NeedsAValidKey() {
        assertError(call("GET", "/v1/numbers", null, null), 401, "unauthorized");
        assertError(call("GET", "/v1/numbers", null, "Bearer wrong-key-0123456789"), 401, "unauthorized");
        assertError(call("GET", "/v1/numbers", null, "Basic " + KEY), 401, "unauthorized");
        assertError(call("GET", "/v1/nothing-here", null, null), 401, "unauthorized");
        assertEquals("Bearer", call("GET", "/v1/numbers", null, null).raw().headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(200, call("GET", "/v1/numbers", null, "Bearer second-key-0123456789").status());
        assertEquals(200, call("GET", "/v1/numbers", null, "bearer " + KEY).status());
    }

    @Test
    void unknownPathsAndMethods() {
        assertError(call("GET", "/v1/nothing-here", null), 404, "not_found");
        assertError(call("GET", "/nothing", null, null), 404, "not_found");
        Reply r = call("PUT", "/v1/numbers", "{}");
        assertEquals(405, r.status());
        assertEquals("method_not_allowed", r.code());
    }

    // --- numbers ---

    @Test
    void poolNumbers() {
        Reply added = addNumber("0015550100");
        assertEquals("+15550100", added.body().get("number").asText());
        assertEquals("active", added.body().get("status").asText());
        assertEquals(0, added.body().get("openSessions").asLong());
        assertError(call("POST", "/v1/numbers", "{\"number\":\"+15550100\"}"), 409, "conflict");
        assertEquals(201, createSession("+34600111222", "+34600333444", "").status());
        addNumber("+15550101");
        Reply list = call("GET", "/v1/numbers", null);
        // Newest first; added at the same instant, so by number, descending.
        assertEquals(List.of("+15550101", "+15550100"), list.body().get("numbers").findValuesAsText("number"));
        assertEquals(0, list.body().get("numbers").get(0).get("openSessions").asLong());
        assertEquals(1, list.body().get("numbers").get(1).get("openSessions").asLong());
        assertTrue(list.body().get("nextCursor").isNull());
        Reply draining = call("DELETE", "/v1/numbers/+15550100", null);
        assertEquals(202, draining.status());
        assertEquals("draining", draining.body().get("status").asText());
        assertEquals("draining", call("GET", "/v1/numbers", null).body().get("numbers").get(1).get("status").asText());
        assertEquals(204, call("DELETE", "/v1/numbers/%2B15550101", null).status());
        assertError(call("DELETE", "/v1/numbers/+15550101", null), 404, "not_found");
        assertError(call("DELETE", "/v1/numbers/garbage", null), 400, "invalid_number");
    }

    @Test
    void poolNumberRequestErrors() {
        assertError(call("POST", "/v1/numbers", "{\"number\":\"nope\"}"), 400, "invalid_number");
        Reply missing = call("POST", "/v1/numbers", "{}");
        assertError(missing, 400, "invalid_request");
        assertTrue(missing.message().contains("number"), missing.message());
        Reply wrongType = call("POST", "/v1/numbers", "{\"number\":15550100}");
        assertError(wrongType, 400, "invalid_request");
        assertTrue(wrongType.message().contains("number: must be a string"), wrongType.message());
        assertError(call("POST", "/v1/numbers", "{\"number\":"), 400, "invalid_request");
        assertError(call("POST", "/v1/numbers", ""), 400, "invalid_request");
        assertError(call("POST", "/v1/numbers", "[1]"), 400, "invalid_request");
        Reply unknown = call("POST", "/v1/numbers", "{\"number\":\"+15550100\",\"nmuber\":1}");
        assertError(unknown, 400, "invalid_request");
        assertTrue(unknown.message().contains("nmuber"), unknown.message());
        addNumber("+15550100");
        createSession("+34600111222", "+34600333444", "");
        assertError(call("POST", "/v1/numbers", "{\"number\":\"+34600111222\"}"), 409, "number_in_use");
    }

    // --- sessions ---

    @Test
    void createSessionNormalizesAndAllocates() {
        addNumber("+15550100");
        addNumber("+15550101");
        Reply r = createSession("0034600111222", "600333444", ",\"ttlSeconds\":7200,\"reference\":\"trip-8812\"");
        assertEquals(201, r.status(), () -> r.body().toString());
        JsonNode s = r.body();
        assertEquals("open", s.get("status").asText());
        assertEquals("trip-8812", s.get("reference").asText());
        assertEquals(clock.instant().toString(), s.get("createdAt").asText());
        assertEquals(clock.instant().plusSeconds(7200).toString(), s.get("expiresAt").asText());
        assertEquals("+34600111222", s.get("participants").get(0).get("number").asText());
        assertEquals("rider", s.get("participants").get(0).get("label").asText());
        assertEquals("+34600333444", s.get("participants").get(1).get("number").asText());
        assertTrue(s.get("participants").get(1).get("proxyNumber").asText().startsWith("+1555010"));
        assertEquals(s, call("GET", "/v1/sessions/" + s.get("id").asText(), null).body());
    }

    @Test
    void sessionLifetimes() {
        addNumber("+15550100");
        Instant at = clock.instant().plus(Duration.ofDays(1));
        Reply until = createSession("+34600111222", "+34600333444", ",\"expiresAt\":\"" + at + "\"");
        assertEquals(at.toString(), until.body().get("expiresAt").asText());
        Reply dflt = createSession("+34600111223", "+34600333499", "");
        assertEquals(clock.instant().plus(Duration.ofHours(4)).toString(), dflt.body().get("expiresAt").asText());
        assertError(createSession("+34600111224", "+34600333445", ",\"ttlSeconds\":60,\"expiresAt\":\"" + at + "\""), 400, "invalid_request");
        Reply past = createSession("+34600111224", "+34600333445", ",\"expiresAt\":\"2000-01-01T00:00:00Z\"");
        assertError(past, 400, "invalid_request");
        assertTrue(past.message().startsWith("expiresAt"), past.message());
        Reply badTtl = createSession("+34600111224", "+34600333445", ",\"ttlSeconds\":\"7200\"");
        assertError(badTtl, 400, "invalid_request");
        assertTrue(badTtl.message().startsWith("ttlSeconds"), badTtl.message());
        assertError(createSession("+34600111224", "+34600333445", ",\"ttlSeconds\":-5"), 400, "invalid_request");
        assertError(createSession("+34600111224", "+34600333445", ",\"expiresAt\":\"tomorrow\""), 400, "invalid_request");
    }

    @Test
    void sessionRequestErrors() {
        addNumber("+15550100");
        Reply one = call("POST", "/v1/sessions", "{\"participants\":[{\"number\":\"+34600111222\"}]}");
        assertError(one, 400, "invalid_request");
        assertTrue(one.message().startsWith("participants"), one.message());
        assertError(call("POST", "/v1/sessions", "{}"), 400, "invalid_request");
        assertError(call("POST", "/v1/sessions", "{\"participants\":{}}"), 400, "invalid_request");
        assertError(call("POST", "/v1/sessions", "{\"participants\":[1,2]}"), 400, "invalid_request");
        Reply noNumber = call("POST", "/v1/sessions", "{\"participants\":[{\"label\":\"x\"},{\"number\":\"+34600111222\"}]}");
        assertError(noNumber, 400, "invalid_request");
        assertTrue(noNumber.message().startsWith("participants[0].number"), noNumber.message());
        Reply unknown = call("POST", "/v1/sessions", "{\"participants\":[{\"number\":\"+34600111222\",\"role\":\"x\"},"
                + "{\"number\":\"+34600333444\"}]}");
        assertError(unknown, 400, "invalid_request");
        assertTrue(unknown.message().contains("participants[0].role"), unknown.message());
        assertError(call("POST", "/v1/sessions", "{\"participants\":[],\"ttl\":5}"), 400, "invalid_request");
        assertError(createSession("+34600111222", "0034600111222", ""), 400, "invalid_request");
        Reply bad = createSession("+34600111222", "anonymous", "");
        assertError(bad, 400, "invalid_number");
        assertTrue(bad.message().startsWith("participants[1].number"), bad.message());
        assertError(createSession("+34600111222", "+15550100", ""), 409, "number_in_use");
        assertError(call("POST", "/v1/sessions", "{\"participants\":[{\"number\":\"+34600111222\"},{\"number\":\"+34600333444\"}],"
                + "\"participants\":[]}"), 400, "invalid_request");
    }

    @Test
    void referenceConflictAndPoolExhaustion() {
        addNumber("+15550100");
        assertEquals(201, createSession("+34600111222", "+34600333444", ",\"reference\":\"trip-1\"").status());
        assertError(createSession("+34600555666", "+34600777888", ",\"reference\":\"trip-1\""), 409, "conflict");
        assertError(createSession("+34600111222", "+34600999000", ""), 503, "pool_exhausted");
    }

    @Test
    void findSessions() {
        addNumber("+15550100");
        String first = createSession("+34600111222", "+34600333444", ",\"reference\":\"trip-1\"").body().get("id").asText();
        assertEquals(200, call("DELETE", "/v1/sessions/" + first, null).status());
        clock.advance(Duration.ofSeconds(1));
        String second = createSession("+34600111222", "+34600333444", ",\"reference\":\"trip-1\"").body().get("id").asText();
        assertEquals(List.of(second, first), ids(call("GET", "/v1/sessions?reference=trip-1", null)));
        assertEquals(List.of(second), ids(call("GET", "/v1/sessions?participant=+34600111222&status=open", null)));
        assertEquals(List.of(first), ids(call("GET", "/v1/sessions?participant=%2B34600111222&status=closed", null)));
        assertEquals(List.of(second, first), ids(call("GET", "/v1/sessions?participant=600111222", null)));
        assertEquals(List.of(), ids(call("GET", "/v1/sessions?reference=none", null)));
        assertEquals(List.of(second, first), ids(call("GET", "/v1/sessions", null)));
        assertError(call("GET", "/v1/sessions?reference=a&participant=+34600111222", null), 400, "invalid_request");
        assertError(call("GET", "/v1/sessions?reference=trip-1&status=gone", null), 400, "invalid_request");
        assertError(call("GET", "/v1/sessions?referense=trip-1", null), 400, "invalid_request");
        assertError(call("GET", "/v1/sessions?participant=nobody", null), 400, "invalid_number");
        assertError(call("GET", "/v1/sessions/no-such-id", null), 404, "not_found");
    }

    static List<String> ids(Reply r) {
        assertEquals(200, r.status(), () -> String.valueOf(r.body()));
        return r.body().get("sessions").findValuesAsText("id");
    }

    @Test
    void extendAndClose() {
        addNumber("+15550100");
        String id = createSession("+34600111222", "+34600333444", ",\"ttlSeconds\":60").body().get("id").asText();
        Reply extended = call("PATCH", "/v1/sessions/" + id, "{\"ttlSeconds\":3600}");
        assertEquals(200, extended.status());
        assertEquals(clock.instant().plusSeconds(3600).toString(), extended.body().get("expiresAt").asText());
        Instant at = clock.instant().plus(Duration.ofHours(5));
        assertEquals(at.toString(), call("PATCH", "/v1/sessions/" + id, "{\"expiresAt\":\"" + at + "\"}").body().get("expiresAt").asText());
        assertError(call("PATCH", "/v1/sessions/" + id, "{}"), 400, "invalid_request");
        assertError(call("PATCH", "/v1/sessions/" + id, "{\"ttlSeconds\":60,\"reference\":\"x\"}"), 400, "invalid_request");
        assertError(call("PATCH", "/v1/sessions/no-such-id", "{\"ttlSeconds\":60}"), 404, "not_found");
        Reply closed = call("DELETE", "/v1/sessions/" + id, null);
        assertEquals(200, closed.status());
        assertEquals("closed", closed.body().get("status").asText());
        assertEquals("closed", call("DELETE", "/v1/sessions/" + id, null).body().get("status").asText());
        assertError(call("PATCH", "/v1/sessions/" + id, "{\"ttlSeconds\":60}"), 409, "conflict");
        assertError(call("DELETE", "/v1/sessions/no-such-id", null), 404, "not_found");
    }

    @Test
    void anExpiredSessionReadsExpired() {
        addNumber("+15550100");
        String id = createSession("+34600111222", "+34600333444", ",\"ttlSeconds\":60").body().get("id").asText();
        clock.advance(Duration.ofSeconds(61));
        assertEquals("expired", call("GET", "/v1/sessions/" + id, null).body().get("status").asText());
        assertError(call("PATCH", "/v1/sessions/" + id, "{\"ttlSeconds\":60}"), 409, "conflict");
        assertEquals("expired", call("DELETE", "/v1/sessions/" + id, null).body().get("status").asText());
    }

    // --- calls ---

    @Test
    void callLog() {
        addNumber("+15550100");
        String id = createSession("+34600111222", "+34600333444", "").body().get("id").asText();
        Instant t0 = clock.instant();
        store.calls().started(new CallRecord("c1", id, "+34600111222", "+34600333444", "+15550100", t0, null, null, null, null));
        store.calls().finished(new CallRecord("c2", null, "+34600999999", null, "+15550100", t0.plusSeconds(10), null,
                t0.plusSeconds(10), CallOutcome.REJECTED, "21"));
        store.calls().finished(new CallRecord("c1", id, "+34600111222", "+34600333444", "+15550100", t0, t0.plusSeconds(3),
                t0.plusSeconds(45), CallOutcome.COMPLETED, "16"));
        Reply forSession = call("GET", "/v1/sessions/" + id + "/calls", null);
        assertEquals(200, forSession.status());
        JsonNode c1 = forSession.body().get("calls").get(0);
        assertEquals(1, forSession.body().get("calls").size());
        assertEquals(42, c1.get("talkSeconds").asLong());
        assertEquals("completed", c1.get("outcome").asText());
        assertEquals(List.of("c2", "c1"), call("GET", "/v1/calls", null).body().get("calls").findValuesAsText("id"));
        assertEquals(List.of("c2"), call("GET", "/v1/calls?outcome=rejected", null).body().get("calls").findValuesAsText("id"));
        assertEquals(List.of("c2"), call("GET", "/v1/calls?since=" + t0.plusSeconds(5), null).body().get("calls").findValuesAsText("id"));
        assertEquals(List.of("c2"), call("GET", "/v1/calls?limit=1", null).body().get("calls").findValuesAsText("id"));
        assertTrue(call("GET", "/v1/calls", null).body().get("calls").get(0).get("sessionId").isNull());
        assertError(call("GET", "/v1/calls?outcome=lost", null), 400, "invalid_request");
        assertError(call("GET", "/v1/calls?since=yesterday", null), 400, "invalid_request");
        assertError(call("GET", "/v1/calls?limit=0", null), 400, "invalid_request");
        assertError(call("GET", "/v1/sessions/no-such-id/calls", null), 404, "not_found");
    }

    @Test
    void everyListPagesWithAnOpaqueCursor() {
        addNumber("+15550100");
        addNumber("+15550101");
        Instant t0 = clock.instant();
        for (int i = 0; i < 5; i++) {
            store.calls().finished(new CallRecord("k" + i, null, "+34600999999", null, "+15550100", t0, null, t0,
                    CallOutcome.REJECTED, "21"));
        }
        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            Reply page = call("GET", "/v1/calls?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertEquals(200, page.status(), () -> page.body().toString());
            seen.addAll(page.body().get("calls").findValuesAsText("id"));
            cursor = page.body().get("nextCursor").isNull() ? null : page.body().get("nextCursor").asText();
        } while (cursor != null);
        assertEquals(List.of("k4", "k3", "k2", "k1", "k0"), seen, "calls sharing one start time, none lost or repeated");
        Reply numbers = call("GET", "/v1/numbers?limit=1", null);
        String numbersCursor = numbers.body().get("nextCursor").asText();
        assertError(call("GET", "/v1/calls?cursor=" + numbersCursor, null), 400, "invalid_request");
        assertError(call("GET", "/v1/calls?cursor=not-a-cursor", null), 400, "invalid_request");
        assertError(call("GET", "/v1/numbers?limit=1001", null), 400, "invalid_request");
        assertEquals(1, call("GET", "/v1/numbers?limit=1&cursor=" + numbersCursor, null).body().get("numbers").size());
    }

    // --- failure ---

    @Test
    void aDeadDatabaseIsReportedNotHidden() {
        store.close();
        assertEquals(200, call("GET", "/health", null, null).status(), "the process lives");
        Reply ready = call("GET", "/ready", null, null);
        assertEquals(503, ready.status());
        assertEquals("[\"database\"]", ready.body().get("down").toString());
        assertEquals("not_ready", ready.code());
        Reply r = call("GET", "/v1/numbers", null);
        assertEquals(503, r.status());
        assertEquals("store_unavailable", r.code());
    }

    @Test
    void documentedErrorCodesAreAllProduced() {
        Set<String> documented = new TreeSet<>();
        DOC.root().at("/components/schemas/Error/properties/error/properties/code/enum").forEach(n -> documented.add(n.asText()));
        assertEquals(Set.of("invalid_number", "invalid_request", "unauthorized", "not_found", "method_not_allowed", "conflict",
                "number_in_use", "pool_exhausted", "store_unavailable", "internal", "too_large", "unsupported_media_type",
                "expectation_failed", "overloaded", "uri_too_long", "headers_too_large"), documented);
    }
}
