package org.maskline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.api.ApiServer;
import org.maskline.config.HostPort;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.NumberInUseException;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionPolicy;
import org.maskline.testsupport.MutableClock;
import org.maskline.testsupport.WebhookReceiver;
import org.maskline.webhooks.Dispatcher;
import org.maskline.webhooks.FailedEvents;
import org.maskline.webhooks.MasklineTarget;
import org.maskline.webhooks.Outbox;

/**
 * The webhook outbox on each engine: events are written with the change they describe (and only
 * then), and the dispatcher delivers them to a real HTTP receiver that checks every signature: in
 * order per session, retried with backoff, given up after 24 h, listed and retried through the API,
 * and by two dispatchers at once without a duplicate or a reordering.
 */
abstract class WebhookOutboxContract {
    static final String SECRET = "whsec-test-0123456789abcdef";
    protected final MutableClock clock = MutableClock.atNow();
    protected Store store;
    private WebhookReceiver receiver;
    private final List<Dispatcher> dispatchers = new ArrayList<>();

    protected abstract StoreSettings freshDatabase();

    protected void dropDatabase() {}

    @BeforeEach
    void open() throws Exception {
        store = Store.open(freshDatabase(), clock);
        for (int i = 0; i < 8; i++) store.numbers().add(StoreContract.pool(i));
        receiver = new WebhookReceiver(SECRET, 0, clock).start();
    }

    @AfterEach
    void close() {
        dispatchers.forEach(Dispatcher::close);
        receiver.close();
        store.close();
        dropDatabase();
    }

    private Dispatcher dispatcher() {
        Dispatcher d = new Dispatcher(store, List.of(new MasklineTarget(receiver.url("/events"), SECRET)),
                Dispatcher.Settings.of(Duration.ofSeconds(2), Duration.ofDays(90)), clock);
        dispatchers.add(d);
        return d;
    }

    /** Runs rounds until nothing is due. */
    private static int drain(Dispatcher d) {
        int total = 0;
        for (int n; (n = d.runOnce()) > 0; ) total += n;
        return total;
    }

    private Session open(int a, int b) {
        return store.sessions().create(new NewSession(new NewParticipant(StoreContract.real(a), "rider"),
                new NewParticipant(StoreContract.real(b), "driver"), clock.instant().plus(Duration.ofHours(1)), "trip-" + a));
    }

    private static List<String> types(List<WebhookReceiver.Received> events) {
        return events.stream().map(WebhookReceiver.Received::type).toList();
    }

    @Test
    void aSessionsLifeArrivesInOrderSignedWithItsData() {
        Session s = open(1, 2);
        store.sessions().close(s.id());
        Session t = open(3, 4);
        clock.advance(Duration.ofHours(2));
        assertEquals(1, store.sweeper().sweepOnce().expired());
        assertEquals(4, drain(dispatcher()), "four events: each stream's head, then the next");

        assertEquals(List.of(), receiver.badSignatures());
        assertEquals(List.of("session.opened", "session.closed"), types(receiver.eventsOf(s.id())));
        assertEquals(List.of("session.opened", "session.expired"), types(receiver.eventsOf(t.id())));
        WebhookReceiver.Received opened = receiver.eventsOf(s.id()).get(0);
        JsonNode d = opened.data();
        assertEquals("open", d.get("status").asText());
        assertEquals("trip-1", d.get("reference").asText());
        assertEquals(StoreContract.real(1), d.get("participants").get(0).get("number").asText());
        assertEquals(s.participants().get(0).proxyNumber(), d.get("participants").get(0).get("proxyNumber").asText());
        assertEquals(s.createdAt(), Instant.parse(opened.json().get("createdAt").asText()));
        assertEquals(opened.id(), opened.headers().get("Maskline-event-id").getFirst(), "the id is also a header");
        assertEquals("closed", receiver.eventsOf(s.id()).get(1).data().get("status").asText());
        assertEquals("expired", receiver.eventsOf(t.id()).get(1).data().get("status").asText());
        assertEquals(4, receiver.events().stream().map(WebhookReceiver.Received::id).distinct().count(), "ids are unique");
    }

    @Test
    void aChangeThatRollsBackLeavesNoEvent() {
        var e = assertThrows(NumberInUseException.class, () -> store.sessions().create(new NewSession(
                new NewParticipant(StoreContract.pool(0), "x"), new NewParticipant(StoreContract.real(9), "y"),
                clock.instant().plus(Duration.ofHours(1)), null)));
        assertTrue(e.getMessage().contains("pool number"));
        store.sessions().close("no-such-session");
        assertEquals(0, drain(dispatcher()), "nothing was committed, so nothing is sent");
        assertEquals(List.of(), receiver.events());
    }

    @Test
    void aCallsEventsCarryItsRowAndABacklogWriteStillSaysEverything() {
        Session s = open(1, 2);
        Instant t0 = clock.instant();
        CallRecord start = new CallRecord("call-1", s.id(), StoreContract.real(1), StoreContract.real(2), StoreContract.pool(0),
                t0, null, null, null, null);
        store.calls().started(start, "node");
        store.calls().started(start, "node"); // a retried write: the first stands, no second event
        store.calls().answered("call-1", t0.plusSeconds(2));
        store.calls().finished(new CallRecord("call-1", s.id(), StoreContract.real(1), StoreContract.real(2),
                StoreContract.pool(0), t0, t0.plusSeconds(2), t0.plusSeconds(12), CallOutcome.COMPLETED, "caller_hangup"), "node");
        // Written whole after a database outage: the writer skipped its start and answer.
        store.calls().finished(new CallRecord("call-2", s.id(), StoreContract.real(2), StoreContract.real(1),
                StoreContract.pool(1), t0.plusSeconds(20), t0.plusSeconds(21), t0.plusSeconds(30), CallOutcome.COMPLETED,
                "callee_hangup"), "node");
        // A row already complete is not completed again.
        store.calls().finishedIfOpen(new CallRecord("call-2", s.id(), StoreContract.real(2), StoreContract.real(1),
                StoreContract.pool(1), t0.plusSeconds(20), t0.plusSeconds(21), t0.plusSeconds(99), CallOutcome.FAILED, "x"));
        clock.advance(Duration.ofSeconds(30)); // the calls' times are past, as they are in a real call log
        drain(dispatcher());

        assertEquals(List.of(), receiver.badSignatures());
        List<WebhookReceiver.Received> got = receiver.eventsOf(s.id());
        assertEquals(List.of("session.opened", "call.started", "call.answered", "call.completed",
                "call.started", "call.answered", "call.completed"), types(got));
        JsonNode completed = got.get(3).data();
        assertEquals("call-1", completed.get("id").asText());
        assertEquals(s.id(), completed.get("sessionId").asText());
        assertEquals("completed", completed.get("outcome").asText());
        assertEquals(10, completed.get("talkSeconds").asInt());
        assertEquals(StoreContract.real(2), completed.get("callee").asText());
        assertTrue(got.get(1).data().get("answeredAt").isNull(), "call.started shows the row as it was then");
        assertEquals(t0.plusSeconds(2), Instant.parse(got.get(2).json().get("createdAt").asText()));
    }

    @Test
    void aCallWithNoSessionIsItsOwnStreamStartBeforeEnd() {
        Instant t0 = clock.instant();
        store.calls().started(new CallRecord("stranger-1", null, StoreContract.real(7), null, StoreContract.pool(0), t0,
                null, null, null, null), "node");
        store.calls().finished(new CallRecord("stranger-1", null, StoreContract.real(7), null, StoreContract.pool(0), t0,
                null, t0.plusMillis(300), CallOutcome.REJECTED, "unroutable"), "node");
        clock.advance(Duration.ofSeconds(1));
        receiver.refuse = e -> "call.started".equals(e.path("type").asText());
        Dispatcher d = dispatcher();
        drain(d);
        assertEquals(List.of(), receiver.events(), "the end waits for the start");
        receiver.refuse = e -> false;
        clock.advance(Duration.ofSeconds(2));
        drain(d);
        assertEquals(List.of("call.started", "call.completed"), types(receiver.events()));
        assertEquals("rejected", receiver.events().get(1).data().get("outcome").asText());
        assertTrue(receiver.events().get(1).data().get("sessionId").isNull());
    }

    @Test
    void aSessionWhoseEventIsRefusedWaitsInOrderWhileOthersGoOn() {
        Session a = open(1, 2);
        Session b = open(3, 4);
        store.sessions().close(a.id());
        store.sessions().close(b.id());
        receiver.refuse = e -> a.id().equals(e.path("data").path("id").asText());
        Dispatcher d = dispatcher();
        drain(d);
        assertEquals(List.of("session.opened", "session.closed"), types(receiver.eventsOf(b.id())));
        assertEquals(List.of(), receiver.eventsOf(a.id()), "a's first event failed, so its second waits");
        assertEquals(1, receiver.failedAttempts().size(), "only the head of a's stream was tried");

        receiver.refuse = e -> false;
        clock.advance(Duration.ofMillis(500));
        assertEquals(0, drain(d), "not due yet: the backoff is at least 0.8 s");
        clock.advance(Duration.ofSeconds(1));
        drain(d);
        assertEquals(List.of("session.opened", "session.closed"), types(receiver.eventsOf(a.id())));
        assertEquals(List.of(), receiver.badSignatures());
    }

    @Test
    void anEventThatFailsFor24HoursIsListedAndCanBeRetriedThroughTheApi() throws Exception {
        Session s = open(1, 2);
        receiver.eventStatus = 503;
        Dispatcher d = dispatcher();
        Duration waited = Duration.ZERO;
        while (waited.compareTo(Outbox.MAX_AGE.plusHours(1)) < 0) {
            drain(d);
            clock.advance(Duration.ofMinutes(11)); // past the longest backoff (10 min + jitter)
            waited = waited.plusMinutes(11);
        }
        drain(d);
        int attempts = receiver.failedAttempts().size();
        assertTrue(attempts > 20 && attempts < 200, "exponential, then every ~10 min for 24 h: " + attempts);
        var page = new FailedEvents(store, clock).page(10, Optional.empty());
        assertEquals(1, page.items().size());
        assertEquals("session.opened", page.items().getFirst().event().type());
        assertEquals("HTTP 503", page.items().getFirst().lastError());
        assertEquals(0, drain(d), "given up: not tried again by itself");

        receiver.eventStatus = 200;
        try (ApiServer api = new ApiServer(new HostPort("127.0.0.1", 0), List.of("key-0123456789abcdef"),
                new SessionPolicy("ES", Duration.ofHours(1), clock), store).start()) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + api.port();
            var list = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/webhooks/failed?limit=1"))
                    .header("Authorization", "Bearer key-0123456789abcdef").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, list.statusCode(), list.body());
            JsonNode body = new ObjectMapper().readTree(list.body());
            String id = body.get("events").get(0).get("id").asText();
            assertEquals("session.opened", body.get("events").get(0).get("type").asText());
            assertEquals(s.id(), body.get("events").get(0).get("data").get("id").asText());
            assertTrue(body.get("nextCursor").isNull());
            var retry = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/webhooks/failed/" + id + "/retry"))
                    .header("Authorization", "Bearer key-0123456789abcdef").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, retry.statusCode(), retry.body());
            var again = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/webhooks/failed/" + id + "/retry"))
                    .header("Authorization", "Bearer key-0123456789abcdef").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, again.statusCode(), "no longer failed");
            assertTrue(again.body().contains("\"not_found\""), again.body());
        }
        drain(d);
        assertEquals(List.of("session.opened"), types(receiver.eventsOf(s.id())));
        assertEquals(0, new FailedEvents(store, clock).page(10, Optional.empty()).items().size());
        assertEquals(List.of(), receiver.badSignatures());
    }

    @Test
    void twoDispatchersOnOneDatabaseDeliverEveryEventOnceAndInOrder() throws Exception {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Session s = open(100 + 2 * i, 101 + 2 * i);
            sessions.add(s);
            if (i % 2 == 0) store.sessions().close(s.id());
        }
        dispatcher().start();
        dispatcher().start();
        int expected = 60 + 30;
        receiver.awaitEvents(e -> e.size() >= expected, Duration.ofSeconds(30), expected + " events");
        // Both dispatchers poll again with nothing left: nothing more arrives (a duplicate would be a second delivery).
        dispatchers.forEach(Dispatcher::close);
        List<WebhookReceiver.Received> got = receiver.events();
        assertEquals(expected, got.size(), "every event exactly once");
        Set<String> ids = got.stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet());
        assertEquals(expected, ids.size());
        for (int i = 0; i < sessions.size(); i++) {
            List<String> t = types(receiver.eventsOf(sessions.get(i).id()));
            assertEquals(i % 2 == 0 ? List.of("session.opened", "session.closed") : List.of("session.opened"), t);
        }
        assertEquals(List.of(), receiver.badSignatures());
    }
}
