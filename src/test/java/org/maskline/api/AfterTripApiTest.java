package org.maskline.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.callbacks.NewCallback;

/**
 * Issue 14's endpoints over real HTTP on H2 (every reply checked against openapi.json by the
 * ApiServerTest client): recontactSeconds, availability, callbacks.
 */
class AfterTripApiTest {
    private final ApiServerTest api = new ApiServerTest();

    @BeforeEach
    void start() {
        api.start();
        api.addNumber("+15550100");
        api.addNumber("+15550101");
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void aSessionCarriesItsRecontactWindowWithinBounds() {
        var r = api.createSession("+34600111222", "+34600333444", ",\"recontactSeconds\":600");
        assertEquals(201, r.status(), r.body().toString());
        assertEquals(600, r.body().get("recontactSeconds").asInt());
        String id = r.body().get("id").asText();
        assertEquals(600, api.call("GET", "/v1/sessions/" + id, null).body().get("recontactSeconds").asInt());
        assertEquals(0, api.createSession("+34600111223", "+34600333445", "").body().get("recontactSeconds").asInt(),
                "the default (MASKLINE_RECONTACT_SECONDS) is 0 here");
        ApiServerTest.assertError(api.createSession("+34600111224", "+34600333446", ",\"recontactSeconds\":-1"), 400, "invalid_request");
        ApiServerTest.assertError(api.createSession("+34600111224", "+34600333446", ",\"recontactSeconds\":\"ten\""), 400, "invalid_request");
    }

    @Test
    void availabilityIsSetReadAndChecked() {
        var never = api.call("GET", "/v1/participants/+34600333444/availability", null);
        assertEquals(200, never.status());
        assertTrue(never.body().get("availableNow").asBoolean(), "a number never marked is available");

        String until = api.clock.instant().plus(Duration.ofHours(2)).toString();
        var off = api.call("PUT", "/v1/participants/0034600333444/availability", "{\"available\":false,\"until\":\"" + until + "\"}");
        assertEquals(200, off.status(), off.body().toString());
        assertEquals("+34600333444", off.body().get("number").asText(), "normalized like every number");
        assertFalse(off.body().get("availableNow").asBoolean());
        assertEquals(Instant.parse(until), Instant.parse(off.body().get("until").asText()));
        assertFalse(api.store.routes().isAvailable("+34600333444"));

        var on = api.call("PUT", "/v1/participants/+34600333444/availability", "{\"available\":true}");
        assertTrue(on.body().get("availableNow").asBoolean());
        assertTrue(api.store.routes().isAvailable("+34600333444"));

        ApiServerTest.assertError(api.call("PUT", "/v1/participants/+34600333444/availability", "{}"), 400, "invalid_request");
        ApiServerTest.assertError(api.call("PUT", "/v1/participants/+34600333444/availability", "{\"available\":\"no\"}"), 400, "invalid_request");
        ApiServerTest.assertError(api.call("PUT", "/v1/participants/+34600333444/availability",
                "{\"available\":true,\"until\":\"" + until + "\"}"), 400, "invalid_request");
        ApiServerTest.assertError(api.call("PUT", "/v1/participants/+34600333444/availability",
                "{\"available\":false,\"until\":\"2000-01-01T00:00:00Z\"}"), 400, "invalid_request");
        ApiServerTest.assertError(api.call("PUT", "/v1/participants/+34600333444/availability",
                "{\"available\":false,\"shift\":1}"), 400, "invalid_request");
        ApiServerTest.assertError(api.call("PUT", "/v1/participants/not-a-number/availability", "{\"available\":false}"), 400, "invalid_number");
    }

    @Test
    void callbacksAreListedPagedFilteredAndCanceled() {
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = api.store.callbacks().request(new NewCallback("s", "+3460011122" + i, "+15550100", "+3460033344" + i,
                    "+15550101", api.clock.instant().plus(Duration.ofHours(1)))).id();
            api.clock.advance(Duration.ofMillis(10));
        }
        var page1 = api.call("GET", "/v1/callbacks?limit=2", null);
        assertEquals(200, page1.status());
        assertEquals(2, page1.body().get("callbacks").size());
        assertEquals(ids[2], page1.body().get("callbacks").get(0).get("id").asText(), "newest first");
        String cursor = page1.body().get("nextCursor").asText();
        var page2 = api.call("GET", "/v1/callbacks?limit=2&cursor=" + cursor, null);
        assertEquals(ids[0], page2.body().get("callbacks").get(0).get("id").asText());
        assertTrue(page2.body().get("nextCursor").isNull());

        var canceled = api.call("DELETE", "/v1/callbacks/" + ids[1], null);
        assertEquals(200, canceled.status());
        assertEquals("canceled", canceled.body().get("status").asText());
        assertEquals(200, api.call("DELETE", "/v1/callbacks/" + ids[1], null).status(), "idempotent");
        assertEquals(1, api.call("GET", "/v1/callbacks?status=canceled", null).body().get("callbacks").size());
        assertEquals(2, api.call("GET", "/v1/callbacks?status=pending", null).body().get("callbacks").size());

        api.store.callbacks().claim(ids[0], "i", api.clock.instant().plusSeconds(30), "c");
        api.store.callbacks().attemptEnded(ids[0], true, 2, api.clock.instant());
        ApiServerTest.assertError(api.call("DELETE", "/v1/callbacks/" + ids[0], null), 409, "conflict");
        ApiServerTest.assertError(api.call("DELETE", "/v1/callbacks/nope", null), 404, "not_found");
        ApiServerTest.assertError(api.call("GET", "/v1/callbacks/nope", null), 404, "not_found");
        ApiServerTest.assertError(api.call("GET", "/v1/callbacks?status=lost", null), 400, "invalid_request");
        ApiServerTest.assertError(api.call("GET", "/v1/callbacks?cursor=" + cursor.substring(1), null), 400, "invalid_request");
    }
}
