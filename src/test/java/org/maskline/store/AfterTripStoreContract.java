package org.maskline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.callbacks.Callback;
import org.maskline.callbacks.CallbackStatus;
import org.maskline.callbacks.NewCallback;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Route;
import org.maskline.sessions.Session;
import org.maskline.testsupport.MutableClock;

/**
 * Issue 14's store behaviour (recontact windows, availability, callback requests), run against each
 * engine by a subclass that supplies a fresh, empty database.
 */
abstract class AfterTripStoreContract {
    protected final MutableClock clock = MutableClock.atNow();
    protected Store store;

    protected abstract StoreSettings freshDatabase();

    protected void dropDatabase() {}

    @BeforeEach
    void open() {
        store = Store.open(freshDatabase(), clock);
        for (int i = 0; i < 3; i++) store.numbers().add(StoreContract.pool(i));
    }

    @AfterEach
    void closeStore() {
        store.close();
        dropDatabase();
    }

    private Session session(String a, String b, Duration ttl, int recontact) {
        return store.sessions().create(new NewSession(new NewParticipant(a, "rider"), new NewParticipant(b, "driver"),
                clock.instant().plus(ttl), null, recontact));
    }

    private static String real(int i) {
        return StoreContract.real(i);
    }

    // --- the recontact window ---

    @Test
    void aClosedSessionOffersRecontactOnlyInsideItsWindow() {
        Session s = session(real(1), real(2), Duration.ofHours(1), 120);
        String p1 = StoreContract.proxyOf(s, real(1));
        assertEquals(120, store.sessions().find(s.id()).orElseThrow().recontactSeconds());
        assertEquals(Optional.empty(), store.routes().findRecontact(real(1), p1), "an open session routes; no recontact");
        store.sessions().close(s.id());
        Route r = store.routes().findRecontact(real(1), p1).orElseThrow();
        assertEquals(s.id(), r.sessionId());
        assertEquals(real(2), r.calleeNumber());
        assertEquals(StoreContract.proxyOf(s, real(2)), r.calleeProxy(), "the other party sees the number they know");
        assertEquals(Optional.empty(), store.routes().findRecontact(real(1), "+15559999"), "only on the session's own number");
        clock.advance(Duration.ofSeconds(119));
        assertTrue(store.routes().findRecontact(real(2), StoreContract.proxyOf(s, real(2))).isPresent(), "both ways");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(Optional.empty(), store.routes().findRecontact(real(1), p1), "the window has passed");
    }

    @Test
    void anExpiredSessionsWindowStartsAtItsExpiryNotAtTheSweep() {
        Session s = session(real(1), real(2), Duration.ofMinutes(1), 60);
        String p1 = StoreContract.proxyOf(s, real(1));
        clock.advance(Duration.ofSeconds(90));
        assertTrue(store.routes().findRecontact(real(1), p1).isPresent(), "expired, unswept, inside the window");
        store.sessions().expireDue(10); // marked now, 30 s after it expired
        clock.advance(Duration.ofSeconds(31));
        assertEquals(Optional.empty(), store.routes().findRecontact(real(1), p1), "60 s after the expiry, not after the sweep");
    }

    @Test
    void aSessionWithoutAWindowNeverOffersRecontact() {
        Session s = session(real(1), real(2), Duration.ofHours(1), 0);
        store.sessions().close(s.id());
        assertEquals(Optional.empty(), store.routes().findRecontact(real(1), StoreContract.proxyOf(s, real(1))));
        assertTrue(store.routes().findByCaller(real(1)).recontact().isEmpty());
    }

    @Test
    void theCallerAloneFindsOpenSessionsAndThenWindows() {
        Session open = session(real(1), real(2), Duration.ofHours(1), 60);
        Session ended = session(real(1), real(3), Duration.ofHours(1), 60);
        store.sessions().close(ended.id());
        var mine = store.routes().findByCaller(real(1));
        assertEquals(List.of(open.id()), mine.open().stream().map(Route::sessionId).toList());
        assertEquals(List.of(ended.id()), mine.recontact().stream().map(Route::sessionId).toList());
        assertEquals(real(3), mine.recontact().getFirst().calleeNumber());
        assertEquals(List.of(), store.routes().findByCaller(real(9)).open());
    }

    // --- availability ---

    @Test
    void availabilityIsSetClearedAndRunsOutByItself() {
        assertTrue(store.routes().isAvailable(real(1)), "never marked: available");
        store.availability().set(real(1), false, null);
        assertFalse(store.routes().isAvailable(real(1)));
        store.availability().set(real(1), true, null);
        assertTrue(store.routes().isAvailable(real(1)));
        Instant until = clock.instant().plus(Duration.ofMinutes(10)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        store.availability().set(real(1), false, until);
        assertFalse(store.routes().isAvailable(real(1)));
        assertEquals(until, store.availability().get(real(1)).until());
        clock.advance(Duration.ofMinutes(10));
        assertTrue(store.routes().isAvailable(real(1)), "the unavailability ran out");
    }

    // --- callbacks ---

    private NewCallback request(String requester, String target) {
        return new NewCallback("s-1", requester, StoreContract.pool(0), target, StoreContract.pool(1),
                clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void aCallbackWaitsForItsTargetAndASecondRequestIsTheSameOne() {
        Callback cb = store.callbacks().request(request(real(1), real(2)));
        assertEquals(cb.id(), store.callbacks().request(request(real(1), real(2))).id(), "not doubled");
        store.availability().set(real(2), false, null);
        assertEquals(List.of(), store.callbacks().due(clock.instant(), 10), "the target is unavailable");
        store.availability().set(real(2), true, null);
        assertEquals(List.of(cb.id()), store.callbacks().due(clock.instant(), 10).stream().map(Callback::id).toList());
    }

    @Test
    void attemptsAreClaimedOnceRetriedAndThenFail() {
        Callback cb = store.callbacks().request(request(real(1), real(2)));
        Instant now = clock.instant();
        assertTrue(store.callbacks().claim(cb.id(), "a", now.plusSeconds(30), "call-1"));
        assertFalse(store.callbacks().claim(cb.id(), "b", now.plusSeconds(30), "call-2"), "one instance places an attempt");
        Callback after1 = store.callbacks().attemptEnded(cb.id(), false, 2, now.plusSeconds(60)).orElseThrow();
        assertEquals(CallbackStatus.PENDING, after1.status());
        assertEquals(1, after1.attempts());
        assertEquals(List.of(), store.callbacks().due(now, 10), "not before the retry time");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(1, store.callbacks().due(clock.instant(), 10).size());
        assertTrue(store.callbacks().claim(cb.id(), "a", clock.instant().plusSeconds(30), "call-2"));
        Callback after2 = store.callbacks().attemptEnded(cb.id(), false, 2, clock.instant().plusSeconds(60)).orElseThrow();
        assertEquals(CallbackStatus.FAILED, after2.status());
        assertEquals(2, after2.attempts());
    }

    @Test
    void aConnectedAttemptCompletesAndACanceledOneStaysCanceled() {
        Callback done = store.callbacks().request(request(real(1), real(2)));
        assertTrue(store.callbacks().claim(done.id(), "a", clock.instant().plusSeconds(30), "c1"));
        assertEquals(CallbackStatus.COMPLETED,
                store.callbacks().attemptEnded(done.id(), true, 2, clock.instant()).orElseThrow().status());
        assertEquals(CallbackStatus.COMPLETED, store.callbacks().cancel(done.id()).orElseThrow().status(), "too late to cancel");

        Callback canceled = store.callbacks().request(request(real(3), real(4)));
        assertTrue(store.callbacks().claim(canceled.id(), "a", clock.instant().plusSeconds(30), "c2"));
        assertEquals(CallbackStatus.CANCELED, store.callbacks().cancel(canceled.id()).orElseThrow().status());
        assertEquals(CallbackStatus.CANCELED,
                store.callbacks().attemptEnded(canceled.id(), true, 2, clock.instant()).orElseThrow().status(),
                "an attempt in flight does not revive a canceled request");
        assertEquals(Optional.empty(), store.callbacks().cancel("no-such-id"));
    }

    @Test
    void pendingRequestsExpireAndAnAttemptWhoseInstanceDiedIsSettledFromTheCallLog() {
        Callback stale = store.callbacks().request(request(real(1), real(2)));
        Callback answered = store.callbacks().request(request(real(3), real(4)));
        Callback waiting = store.callbacks().request(request(real(5), real(6)));
        assertTrue(store.callbacks().claim(stale.id(), "dead", clock.instant().plusSeconds(30), "call-stale"));
        assertTrue(store.callbacks().claim(answered.id(), "dead", clock.instant().plusSeconds(30), "call-answered"));
        // The dead instance's callback call was answered (the next instance took the bridged call over).
        store.calls().started(new CallRecord("call-answered", "s-1", real(3), real(4), StoreContract.pool(0),
                clock.instant(), null, null, null, null));
        store.calls().answered("call-answered", clock.instant());

        clock.advance(Duration.ofSeconds(31));
        assertEquals(2, store.callbacks().sweep(clock.instant(), 2));
        assertEquals(CallbackStatus.PENDING, store.callbacks().find(stale.id()).orElseThrow().status(), "tried again");
        assertEquals(CallbackStatus.COMPLETED, store.callbacks().find(answered.id()).orElseThrow().status(), "never placed twice");

        clock.advance(Duration.ofHours(1));
        store.callbacks().sweep(clock.instant(), 2);
        assertEquals(CallbackStatus.EXPIRED, store.callbacks().find(waiting.id()).orElseThrow().status());
    }

    @Test
    void callbacksArePagedNewestFirstAndFilteredByStatus() {
        for (int i = 0; i < 5; i++) {
            store.callbacks().request(request(real(10 + i), real(20 + i)));
            clock.advance(Duration.ofMillis(5));
        }
        Callback first = store.callbacks().page(Optional.empty(), 5, Optional.empty()).items().getFirst();
        store.callbacks().cancel(first.id());
        Page<Callback> p1 = store.callbacks().page(Optional.of(CallbackStatus.PENDING), 2, Optional.empty());
        Page<Callback> p2 = store.callbacks().page(Optional.of(CallbackStatus.PENDING), 2, p1.next());
        assertEquals(2, p1.items().size());
        assertEquals(2, p2.items().size());
        assertTrue(p2.next().isEmpty());
        assertTrue(p1.items().getFirst().createdAt().isAfter(p2.items().getLast().createdAt()), "newest first");
        assertEquals(List.of(first.id()), store.callbacks().page(Optional.of(CallbackStatus.CANCELED), 10, Optional.empty())
                .items().stream().map(Callback::id).toList());
    }

    @Test
    void everyStatusChangeIsAWebhookEventOfItsSession() {
        Callback cb = store.callbacks().request(request(real(1), real(2)));
        assertTrue(store.callbacks().claim(cb.id(), "a", clock.instant().plusSeconds(30), "c1"));
        store.callbacks().attemptEnded(cb.id(), false, 2, clock.instant());
        store.callbacks().claim(cb.id(), "a", clock.instant().plusSeconds(30), "c2");
        store.callbacks().attemptEnded(cb.id(), true, 2, clock.instant());
        store.callbacks().cancel(cb.id()); // too late: no event
        List<String> types = store.database().read(c -> {
            List<String> out = new java.util.ArrayList<>();
            try (var ps = c.prepareStatement("SELECT event_type FROM webhook_outbox WHERE session_id = ? ORDER BY seq")) {
                ps.setString(1, "s-1");
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
            return out;
        });
        assertEquals(List.of("callback.requested", "callback.calling", "callback.pending", "callback.calling",
                "callback.completed"), types);
    }
}
