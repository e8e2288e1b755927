package org.maskline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.sessions.Allocation;
import org.maskline.sessions.ConflictException;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.NumberInUseException;
import org.maskline.sessions.Participant;
import org.maskline.sessions.PoolExhaustedException;
import org.maskline.sessions.PoolNumber;
import org.maskline.sessions.Route;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionStatus;
import org.maskline.sessions.StoreUnavailableException;
import org.maskline.testsupport.MutableClock;

/** The store's behaviour, run against each engine by a subclass that supplies a fresh, empty database. */
abstract class StoreContract {
    protected final MutableClock clock = MutableClock.atNow();
    protected Store store;

    /** Settings for a new empty database. */
    protected abstract StoreSettings freshDatabase();

    protected void dropDatabase() {}

    @BeforeEach
    void open() {
        store = Store.open(freshDatabase(), clock);
    }

    @AfterEach
    void closeStore() {
        store.close();
        dropDatabase();
    }

    // --- helpers ---

    static String pool(int i) {
        return "+1555010" + String.format("%04d", i);
    }

    static String real(int i) {
        return "+34600" + String.format("%06d", i);
    }

    void addPool(int n) {
        for (int i = 0; i < n; i++) {
            store.numbers().add(pool(i));
        }
    }

    NewSession between(String a, String b, Duration ttl) {
        return new NewSession(new NewParticipant(a, "a"), new NewParticipant(b, "b"), clock.instant().plus(ttl), null);
    }

    Session open(String a, String b) {
        return store.sessions().create(between(a, b, Duration.ofHours(1)));
    }

    static String proxyOf(Session s, String number) {
        return s.participants().stream().filter(p -> p.number().equals(number)).findFirst().orElseThrow().proxyNumber();
    }

    Map<String, PoolNumber> numbers() {
        return store.numbers().list().stream().collect(Collectors.toMap(PoolNumber::number, p -> p));
    }

    // --- routing ---

    @Test
    void sessionRoutesBothWaysThroughItsProxies() {
        addPool(2);
        Session s = open(real(1), real(2));
        String p1 = proxyOf(s, real(1));
        String p2 = proxyOf(s, real(2));
        assertEquals(Optional.of(new Route(s.id(), real(1), p1, real(2), p2)), store.routes().findRoute(real(1), p1));
        assertEquals(Optional.of(new Route(s.id(), real(2), p2, real(1), p1)), store.routes().findRoute(real(2), p2));
        assertEquals(Optional.empty(), store.routes().findRoute(real(3), p1), "a stranger is not routed");
        assertEquals(SessionStatus.OPEN, store.sessions().find(s.id()).orElseThrow().status());
    }

    // --- pool optimality ---

    @Test
    void poolOfNServesAParticipantInNSessionsAndRefusesTheNextWholly() {
        int n = 4;
        addPool(n);
        String hub = real(0);
        Set<String> hubProxies = new HashSet<>();
        for (int i = 1; i <= n; i++) {
            hubProxies.add(proxyOf(open(hub, real(i)), hub));
        }
        assertEquals(n, hubProxies.size(), "the hub's proxies are distinct");
        var e = assertThrows(PoolExhaustedException.class, () -> open(hub, real(99)));
        assertTrue(e.getMessage().contains("participants[0]"), e.getMessage());
        assertEquals(List.of(), store.sessions().findByParticipant(real(99), Optional.empty()), "nothing half-created");
        assertEquals(n, store.sessions().findByParticipant(hub, Optional.of(SessionStatus.OPEN)).size());
        // The other participants each have one session, so any number serves them; the hub alone is the limit.
        for (int i = 1; i <= n; i++) {
            String other = real(100 + i);
            open(real(i), other);
        }
    }

    @Test
    void emptyPoolIsExhausted() {
        var e = assertThrows(PoolExhaustedException.class, () -> open(real(1), real(2)));
        assertEquals("the pool has no active number", e.getMessage());
    }

    @Test
    void concurrentCreationsForOneParticipantNeverShareARoutingKey() throws Exception {
        int n = 32;
        addPool(n);
        String hub = real(0);
        List<Callable<Session>> jobs = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String other = real(i);
            jobs.add(() -> open(hub, other));
        }
        List<Object> results = runTogether(jobs);
        Set<String> proxies = new HashSet<>();
        for (Object r : results) {
            Session s = assertInstanceOf(Session.class, r);
            proxies.add(proxyOf(s, hub));
            assertEquals(s.id(), store.routes().findRoute(hub, proxyOf(s, hub)).orElseThrow().sessionId());
        }
        assertEquals(n, proxies.size(), "32 sessions, 32 distinct proxies for the hub");
        assertThrows(PoolExhaustedException.class, () -> open(hub, real(99)));
        long keys = numbers().values().stream().mapToLong(PoolNumber::openSessions).sum();
        assertTrue(keys >= n, "every session is counted on its numbers");
    }

    @Test
    void concurrentCreationsBeyondThePoolFailCleanly() throws Exception {
        int n = 8;
        addPool(n);
        String hub = real(0);
        List<Callable<Session>> jobs = new ArrayList<>();
        for (int i = 1; i <= 32; i++) {
            String other = real(i);
            jobs.add(() -> open(hub, other));
        }
        List<Object> results = runTogether(jobs);
        List<Session> created = results.stream().filter(Session.class::isInstance).map(Session.class::cast).toList();
        long exhausted = results.stream().filter(PoolExhaustedException.class::isInstance).count();
        assertEquals(n, created.size(), () -> "results: " + results);
        assertEquals(32 - n, exhausted);
        assertEquals(n, created.stream().map(s -> proxyOf(s, hub)).distinct().count());
        assertEquals(n, store.sessions().findByParticipant(hub, Optional.empty()).size(), "the losers left no rows");
    }

    /** Runs the jobs at once from a common start; each result is the value or the exception thrown. */
    static <T> List<Object> runTogether(List<Callable<T>> jobs) throws Exception {
        CountDownLatch ready = new CountDownLatch(jobs.size());
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(jobs.size())) {
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<T> job : jobs) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return job.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<Object> out = new ArrayList<>();
            for (Future<Object> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    static <T> T assertInstanceOf(Class<T> type, Object o) {
        if (!type.isInstance(o)) {
            if (o instanceof Throwable t) {
                throw new AssertionError("expected a " + type.getSimpleName() + ", got " + t, t);
            }
            throw new AssertionError("expected a " + type.getSimpleName() + ", got " + o);
        }
        return type.cast(o);
    }

    // --- preferences ---

    @Test
    void leastUsedNumberIsPreferred() {
        addPool(1);
        open(real(1), real(2));
        open(real(3), real(4));
        store.numbers().add(pool(1));
        Session s = open(real(5), real(6));
        assertEquals(List.of(pool(1), pool(1)), s.participants().stream().map(Participant::proxyNumber).toList());
    }

    @Test
    void aReturningPairGetsItsPreviousNumbers() {
        addPool(2);
        Session first = open(real(1), real(2));
        store.sessions().close(first.id());
        clock.advance(Duration.ofMillis(1));
        // Load both old numbers so that, without stickiness, the fresh numbers would win.
        open(real(3), real(4));
        open(real(5), real(6));
        assertTrue(numbers().values().stream().allMatch(p -> p.openSessions() > 0), numbers()::toString);
        store.numbers().add(pool(2));
        store.numbers().add(pool(3));
        Session again = open(real(2), real(1));
        assertEquals(proxyOf(first, real(1)), proxyOf(again, real(1)));
        assertEquals(proxyOf(first, real(2)), proxyOf(again, real(2)));
    }

    // --- lifecycle ---

    @Test
    void anExpiredSessionNeverRoutesEvenBeforeTheSweeper() {
        addPool(1);
        Session s = store.sessions().create(between(real(1), real(2), Duration.ofSeconds(10)));
        String p = proxyOf(s, real(1));
        assertTrue(store.routes().findRoute(real(1), p).isPresent());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Optional.empty(), store.routes().findRoute(real(1), p));
        assertEquals(SessionStatus.EXPIRED, store.sessions().find(s.id()).orElseThrow().status());
        // Its keys are released on demand: with one number, the participant can open a new session at once.
        Session next = open(real(1), real(3));
        assertEquals(p, proxyOf(next, real(1)));
        assertEquals(SessionStatus.EXPIRED, store.sessions().find(s.id()).orElseThrow().status());
    }

    @Test
    void sweeperExpiresDueSessionsAndPurgesAfterRetention() {
        addPool(1);
        Session due = store.sessions().create(between(real(1), real(2), Duration.ofMinutes(1)));
        Session later = store.sessions().create(between(real(3), real(4), Duration.ofDays(2)));
        store.calls().started(new CallRecord("c1", due.id(), real(1), real(2), pool(0), clock.instant(), null, null, null, null));
        clock.advance(Duration.ofMinutes(2));
        assertEquals(new SessionSweeper.Sweep(1, 0, 0), store.sweeper().sweepOnce());
        assertEquals(0, numbers().get(pool(0)).openSessions() - 1, "only the later session uses the number");
        assertEquals(SessionStatus.EXPIRED, store.sessions().find(due.id()).orElseThrow().status());
        assertEquals(1, store.calls().forSession(due.id()).size(), "the call log outlives the session");
        clock.advance(Duration.ofDays(91));
        assertEquals(new SessionSweeper.Sweep(1, 1, 1), store.sweeper().sweepOnce());
        assertEquals(Optional.empty(), store.sessions().find(due.id()));
        assertEquals(SessionStatus.EXPIRED, store.sessions().find(later.id()).orElseThrow().status(), "kept until its own retention ends");
    }

    @Test
    void closingReleasesKeysAndIsIdempotent() {
        addPool(1);
        Session s = open(real(1), real(2));
        Session closed = store.sessions().close(s.id()).orElseThrow();
        assertEquals(SessionStatus.CLOSED, closed.status());
        assertEquals(Optional.empty(), store.routes().findRoute(real(1), proxyOf(s, real(1))));
        assertEquals(SessionStatus.CLOSED, store.sessions().close(s.id()).orElseThrow().status());
        assertEquals(Optional.empty(), store.sessions().close("no-such-id"));
        open(real(1), real(2));
        assertEquals(1, numbers().get(pool(0)).openSessions());
    }

    @Test
    void extendingMovesTheExpiryOfKeysToo() {
        addPool(1);
        Session s = store.sessions().create(between(real(1), real(2), Duration.ofMinutes(1)));
        Instant later = clock.instant().plus(Duration.ofHours(2));
        assertEquals(later, store.sessions().extend(s.id(), later).orElseThrow().expiresAt());
        clock.advance(Duration.ofHours(1));
        assertTrue(store.routes().findRoute(real(1), proxyOf(s, real(1))).isPresent());
        store.sessions().close(s.id());
        assertThrows(ConflictException.class, () -> store.sessions().extend(s.id(), later));
        assertEquals(Optional.empty(), store.sessions().extend("no-such-id", later));
    }

    @Test
    void aReferenceBelongsToOneOpenSession() {
        addPool(1);
        var withRef = new NewSession(new NewParticipant(real(1), null), new NewParticipant(real(2), null),
                clock.instant().plusSeconds(60), "trip-1");
        Session first = store.sessions().create(withRef);
        assertThrows(ConflictException.class, () -> store.sessions().create(new NewSession(
                new NewParticipant(real(3), null), new NewParticipant(real(4), null), clock.instant().plusSeconds(60), "trip-1")));
        store.sessions().close(first.id());
        clock.advance(Duration.ofMillis(1));
        Session second = store.sessions().create(withRef);
        assertEquals(List.of(second.id(), first.id()),
                store.sessions().findByReference("trip-1", Optional.empty()).stream().map(Session::id).toList());
        assertEquals(List.of(second.id()),
                store.sessions().findByReference("trip-1", Optional.of(SessionStatus.OPEN)).stream().map(Session::id).toList());
        clock.advance(Duration.ofSeconds(61));
        Session third = store.sessions().create(new NewSession(new NewParticipant(real(5), null),
                new NewParticipant(real(6), null), clock.instant().plusSeconds(60), "trip-1"));
        assertEquals("trip-1", third.reference());
    }

    @Test
    void participantQueriesFilterByEffectiveStatus() {
        addPool(2);
        Session expiring = store.sessions().create(between(real(1), real(2), Duration.ofSeconds(5)));
        clock.advance(Duration.ofMillis(1));
        Session closed = open(real(3), real(1));
        store.sessions().close(closed.id());
        clock.advance(Duration.ofMillis(1));
        Session open = open(real(1), real(4));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(List.of(open.id()), ids(store.sessions().findByParticipant(real(1), Optional.of(SessionStatus.OPEN))));
        assertEquals(List.of(expiring.id()), ids(store.sessions().findByParticipant(real(1), Optional.of(SessionStatus.EXPIRED))));
        assertEquals(List.of(closed.id()), ids(store.sessions().findByParticipant(real(1), Optional.of(SessionStatus.CLOSED))));
        assertEquals(3, store.sessions().findByParticipant(real(1), Optional.empty()).size());
    }

    static List<String> ids(List<Session> sessions) {
        return sessions.stream().map(Session::id).toList();
    }

    // --- the pool ---

    @Test
    void retiringANumberDrainsItUntilItsLastSessionEnds() {
        addPool(1);
        Session onOld = open(real(1), real(2));
        store.numbers().add(pool(1));
        assertEquals(NumberRepository.Retirement.DRAINING, store.numbers().retire(pool(0)));
        assertEquals(new PoolNumber(pool(0), PoolNumber.Status.DRAINING, 1), numbers().get(pool(0)));
        assertTrue(store.routes().findRoute(real(1), pool(0)).isPresent(), "a draining number still routes its sessions");
        Session fresh = open(real(1), real(3));
        assertEquals(pool(1), proxyOf(fresh, real(1)), "no new session on a draining number");
        assertThrows(PoolExhaustedException.class, () -> open(real(1), real(4)));
        store.sessions().close(onOld.id());
        assertFalse(numbers().containsKey(pool(0)), "removed when its last session closed");
        assertEquals(NumberRepository.Retirement.NOT_FOUND, store.numbers().retire(pool(0)));
        store.numbers().add(pool(5));
        assertEquals(NumberRepository.Retirement.REMOVED, store.numbers().retire(pool(5)));
    }

    @Test
    void aDrainingNumberLeavesWhenItsSessionsExpire() {
        addPool(1);
        store.sessions().create(between(real(1), real(2), Duration.ofSeconds(30)));
        assertEquals(NumberRepository.Retirement.DRAINING, store.numbers().retire(pool(0)));
        clock.advance(Duration.ofSeconds(31));
        store.sweeper().sweepOnce();
        assertEquals(Map.of(), numbers());
    }

    @Test
    void reAddingADrainingNumberReactivatesIt() {
        addPool(1);
        open(real(1), real(2));
        store.numbers().retire(pool(0));
        assertEquals(new PoolNumber(pool(0), PoolNumber.Status.ACTIVE, 1), store.numbers().add(pool(0)));
        assertThrows(ConflictException.class, () -> store.numbers().add(pool(0)));
    }

    @Test
    void aNumberCannotBeBothPoolAndParticipant() {
        addPool(1);
        assertThrows(NumberInUseException.class, () -> open(pool(0), real(1)));
        open(real(1), real(2));
        assertThrows(NumberInUseException.class, () -> store.numbers().add(real(1)));
        assertEquals(new NumberRepository.PoolStats(1, 1, 1), store.numbers().stats());
    }

    // --- the call log ---

    @Test
    void callLogRecordsStartAndEnd() {
        addPool(1);
        Session s = open(real(1), real(2));
        Instant t0 = clock.instant();
        var started = new CallRecord("call-1", s.id(), real(1), real(2), pool(0), t0, null, null, null, null);
        store.calls().started(started);
        store.calls().started(started);
        assertNull(store.calls().find("call-1").orElseThrow().outcome());
        var done = new CallRecord("call-1", s.id(), real(1), real(2), pool(0), t0, t0.plusSeconds(5), t0.plusSeconds(65),
                CallOutcome.COMPLETED, "16");
        store.calls().finished(done);
        assertEquals(done, store.calls().find("call-1").orElseThrow());
        assertEquals(60, store.calls().find("call-1").orElseThrow().talkSeconds());
        var rejected = new CallRecord("call-2", null, real(9), null, pool(0), t0.plusSeconds(1), null, t0.plusSeconds(1),
                CallOutcome.REJECTED, "21");
        store.calls().finished(rejected);
        assertEquals(List.of(done), store.calls().forSession(s.id()));
        assertEquals(List.of(done, rejected), store.calls().search(Optional.empty(), Optional.empty(), 100));
        assertEquals(List.of(rejected), store.calls().search(Optional.empty(), Optional.of(CallOutcome.REJECTED), 100));
        assertEquals(List.of(rejected), store.calls().search(Optional.of(t0.plusMillis(500)), Optional.empty(), 100));
    }

    @Test
    void creatingSessionsWhileANumberIsRetiredAndReAddedNeverReportsTheStoreUnavailable() throws Exception {
        addPool(2);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Exception>>> results = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int base = t * 1000;
                results.add(pool.submit(() -> {
                    go.await();
                    List<Exception> failures = new ArrayList<>();
                    for (int i = 0; i < 60; i++) {
                        try {
                            Session s = store.sessions().create(between(real(base + i), real(base + 500 + i), Duration.ofHours(1)));
                            store.sessions().close(s.id());
                        } catch (PoolExhaustedException | ConflictException e) {
                            // a fair answer while the pool changes under the request
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    }
                    return failures;
                }));
            }
            results.add(pool.submit(() -> {
                go.await();
                List<Exception> failures = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    try {
                        store.numbers().retire(pool(1));
                        store.numbers().add(pool(1));
                    } catch (ConflictException e) {
                        // re-adding a number that another retirement left active
                    } catch (Exception e) {
                        failures.add(e);
                    }
                }
                return failures;
            }));
            go.countDown();
            for (Future<List<Exception>> f : results) {
                List<Exception> failures = f.get();
                assertTrue(failures.isEmpty(), () -> "not a conflict: " + failures);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // --- paging ---

    @Test
    void pagingThroughCallsThatShareOneTimestampLosesAndRepeatsNothing() {
        Instant t0 = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 230; i++) {
            String id = java.util.UUID.randomUUID().toString();
            all.add(id);
            store.calls().started(new CallRecord(id, null, real(i), null, pool(0), t0, null, null, null, null));
        }
        List<String> seen = new ArrayList<>();
        Optional<PageKey> after = Optional.empty();
        int pages = 0;
        do {
            Page<CallRecord> page = store.calls().page(CallRepository.Query.all(), 7, after);
            page.items().forEach(c -> seen.add(c.id()));
            after = page.next();
            if (pages++ == 3) {
                // Calls that start while a client pages (later, or at the same instant but not yet seen
                // order-wise) never shift what the following pages hold.
                store.calls().started(new CallRecord("zz-late", null, real(999), null, pool(0), t0.plusSeconds(1), null, null, null, null));
            }
        } while (after.isPresent());
        assertEquals(all.size(), seen.size(), "no row repeated");
        assertEquals(all, new HashSet<>(seen), "no row lost");
        List<String> sorted = new ArrayList<>(seen);
        sorted.sort(java.util.Comparator.reverseOrder());
        assertEquals(sorted, seen, "equal timestamps are ordered by id, newest-first order");
        assertEquals(33, pages); // 230 rows, 7 a page
        assertEquals("zz-late", store.calls().page(CallRepository.Query.all(), 1, Optional.empty()).items().getFirst().id());
    }

    @Test
    void sessionsAndNumbersPageNewestFirst() {
        addPool(5);
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(0, open(real(1), real(100 + i)).id());
            clock.advance(Duration.ofMillis(1));
        }
        var first = store.sessions().page(new SessionRepository.Query(Optional.empty(), Optional.of(real(1)), Optional.empty()), 3,
                Optional.empty());
        var second = store.sessions().page(new SessionRepository.Query(Optional.empty(), Optional.of(real(1)), Optional.empty()), 3,
                first.next());
        assertEquals(opened.subList(0, 3), first.items().stream().map(Session::id).toList());
        assertEquals(opened.subList(3, 5), second.items().stream().map(Session::id).toList());
        assertTrue(second.next().isEmpty());
        assertEquals(5, store.sessions().page(SessionRepository.Query.all(), 10, Optional.empty()).items().size());
        var numbers = store.numbers().page(2, Optional.empty());
        var rest = store.numbers().page(10, numbers.next());
        List<String> allNumbers = new ArrayList<>(numbers.items().stream().map(PoolNumber::number).toList());
        rest.items().forEach(n -> allNumbers.add(n.number()));
        assertEquals(List.of(pool(4), pool(3), pool(2), pool(1), pool(0)), allNumbers);
    }

    @Test
    void theRetentionPurgeRunsInBatches() {
        Instant old = clock.instant();
        for (int i = 0; i < 5; i++) {
            store.calls().finished(new CallRecord("old-" + i, null, real(i), null, pool(0), old, null, old, CallOutcome.REJECTED, "21"));
        }
        clock.advance(Duration.ofDays(91));
        Instant cutoff = clock.instant().minus(Duration.ofDays(90));
        assertEquals(2, store.calls().purgeStartedBefore(cutoff, 2));
        assertEquals(2, store.calls().purgeStartedBefore(cutoff, 2));
        assertEquals(1, store.calls().purgeStartedBefore(cutoff, 2));
        assertEquals(0, store.calls().purgeStartedBefore(cutoff, 2));
    }

    // --- failure ---

    @Test
    void aClosedDatabaseReportsStoreUnavailable() {
        store.close();
        assertThrows(StoreUnavailableException.class, () -> store.routes().findRoute(real(1), pool(0)));
        assertFalse(store.isReachable());
    }

    // ---- issue 17: named pools (a Twilio service), reserved numbers, pinned proxies, avoid-sticky ----

    private static final String POOL_KS = "KS0123456789abcdef0123456789abcdef";

    @Test
    void aNamedPoolsSessionsGetOnlyItsNumbersAndDefaultSessionsNeverDo() {
        store.numbers().add(pool(0));
        store.numbers().add(pool(1), POOL_KS, false);
        Allocation named = new Allocation(POOL_KS, Allocation.Stickiness.PREFER, null, null);
        Session s = store.sessions().create(between(real(1), real(2), Duration.ofHours(1)), named);
        assertEquals(Set.of(pool(1)), s.participants().stream().map(Participant::proxyNumber).collect(Collectors.toSet()));
        Session d = store.sessions().create(between(real(3), real(4), Duration.ofHours(1)));
        assertEquals(Set.of(pool(0)), d.participants().stream().map(Participant::proxyNumber).collect(Collectors.toSet()));
        // real(1) already uses the named pool's only number: a second session there has nothing left
        assertThrows(PoolExhaustedException.class,
                () -> store.sessions().create(between(real(1), real(5), Duration.ofHours(1)), named));
    }

    @Test
    void aReservedNumberIsNeverChosenButCanBeAskedFor() {
        store.numbers().add(pool(0), POOL_KS, true);
        store.numbers().add(pool(1), POOL_KS, false);
        Allocation named = new Allocation(POOL_KS, Allocation.Stickiness.PREFER, null, null);
        for (int i = 0; i < 5; i++) {
            Session s = store.sessions().create(between(real(10 + 2 * i), real(11 + 2 * i), Duration.ofHours(1)), named);
            assertTrue(s.participants().stream().noneMatch(p -> p.proxyNumber().equals(pool(0))), s.toString());
        }
        assertThrows(PoolExhaustedException.class,
                () -> store.sessions().create(between(real(10), real(30), Duration.ofHours(1)), named),
                "the reserved number is not a fallback");
        Session pinned = store.sessions().create(between(real(10), real(30), Duration.ofHours(1)),
                new Allocation(POOL_KS, Allocation.Stickiness.PREFER, pool(0), null));
        assertEquals(pool(0), pinned.participants().get(0).proxyNumber());
        assertEquals(pool(1), pinned.participants().get(1).proxyNumber());
        assertTrue(store.routes().findRoute(real(10), pool(0)).isPresent(), "the pinned proxy routes");
    }

    @Test
    void aPinnedProxyOutsideThePoolOrAlreadyTheParticipantsIsRefused() {
        store.numbers().add(pool(0));
        store.numbers().add(pool(1), POOL_KS, false);
        assertThrows(org.maskline.sessions.InvalidRequestException.class, () -> store.sessions().create(
                between(real(1), real(2), Duration.ofHours(1)), new Allocation(POOL_KS, Allocation.Stickiness.PREFER, pool(0), null)));
        store.sessions().create(between(real(1), real(2), Duration.ofHours(1)), new Allocation(POOL_KS, Allocation.Stickiness.PREFER, null, null));
        assertThrows(ConflictException.class, () -> store.sessions().create(between(real(1), real(3), Duration.ofHours(1)),
                new Allocation(POOL_KS, Allocation.Stickiness.PREFER, pool(1), null)));
        assertEquals(1, store.sessions().findByParticipant(real(1), Optional.empty()).size(), "nothing half-created");
    }

    @Test
    void avoidStickyGivesAReturningPairOtherNumbersPreferStickyTheSame() {
        store.numbers().add(pool(0), POOL_KS, false);
        store.numbers().add(pool(1), POOL_KS, false);
        Allocation prefer = new Allocation(POOL_KS, Allocation.Stickiness.PREFER, null, null);
        Allocation avoid = new Allocation(POOL_KS, Allocation.Stickiness.AVOID, null, null);
        Session first = store.sessions().create(between(real(1), real(2), Duration.ofHours(1)), prefer);
        store.sessions().close(first.id());
        Session again = store.sessions().create(between(real(1), real(2), Duration.ofHours(1)), prefer);
        assertEquals(first.participants(), again.participants(), "prefer-sticky: the same numbers as before");
        store.sessions().close(again.id());
        Session other = store.sessions().create(between(real(1), real(2), Duration.ofHours(1)), avoid);
        for (int i = 0; i < 2; i++) {
            assertFalse(other.participants().get(i).proxyNumber().equals(again.participants().get(i).proxyNumber()),
                    "avoid-sticky: another number than last time: " + other);
        }
    }
}
