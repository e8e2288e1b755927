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
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.testsupport.MutableClock;

/** Recordings and the transcription queue (issue 15), run against each engine by a subclass. */
abstract class RecordingStoreContract {
    protected final MutableClock clock = MutableClock.atNow();
    protected Store store;
    private StoreSettings settings;

    protected abstract StoreSettings freshDatabase();

    protected void dropDatabase() {}

    @BeforeEach
    void open() {
        settings = freshDatabase();
        store = Store.open(settings, clock);
        store.numbers().add("+15550100");
        store.numbers().add("+15550101");
    }

    @AfterEach
    void closeStore() {
        store.close();
        dropDatabase();
    }

    /** The webhook events written to the outbox (issue 16's), in order. */
    private List<String> events() {
        List<String> out = new java.util.ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             var rs = c.createStatement().executeQuery("SELECT event_type, payload FROM webhook_outbox ORDER BY created_at, id")) {
            while (rs.next()) out.add(rs.getString(1) + " " + rs.getString(2));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private Session session(boolean record) {
        return store.sessions().create(new NewSession(new NewParticipant("+34600000001", "a"),
                new NewParticipant("+34600000002", "b"), clock.instant().plus(Duration.ofHours(1)), null, 0, record));
    }

    private CallRecord call(String id, String sessionId, boolean ended) {
        Instant t = clock.instant();
        return new CallRecord(id, sessionId, "+34600000001", "+34600000002", "+15550100", t, t,
                ended ? t.plusSeconds(5) : null, ended ? CallOutcome.COMPLETED : null, ended ? "caller_hangup" : null);
    }

    @Test
    void aSessionKeepsWhetherItsCallsAreRecorded() {
        Session on = session(true);
        assertTrue(on.record());
        assertTrue(store.sessions().find(on.id()).orElseThrow().record());
        assertTrue(store.recordings().sessionRecords(on.id()));
        store.sessions().close(on.id());
        Session off = session(false);
        assertFalse(store.sessions().find(off.id()).orElseThrow().record());
        assertFalse(store.recordings().sessionRecords(off.id()));
        assertFalse(store.recordings().sessionRecords("no-such-session"));
    }

    @Test
    void aRecordingIsBegunOnceAndCollectedOnlyOnceItsCallHasEnded() throws Exception {
        RecordingRepository rec = store.recordings();
        assertTrue(rec.begin("c1", clock.instant()));
        assertFalse(rec.begin("c1", clock.instant()), "a call taken over keeps the recording it has");
        assertEquals(List.of(), rec.due(clock.instant(), 10), "no call row yet");
        store.calls().started(call("c1", null, false));
        assertEquals(List.of(), rec.due(clock.instant(), 10), "the call still talks");
        store.calls().finished(call("c1", null, true));
        assertEquals(List.of("c1"), rec.due(clock.instant(), 10));

        rec.retryAt("c1", 1, clock.instant().plusSeconds(2), "a track is still being recorded");
        assertEquals(List.of(), rec.due(clock.instant(), 10), "not before its next attempt");
        clock.advance(Duration.ofSeconds(3));
        assertEquals(List.of("c1"), rec.due(clock.instant(), 10));
        assertEquals(1, rec.find("c1").orElseThrow().attempts());

        assertTrue(rec.ready("c1", 9_400, 150_444, true, clock.instant()));
        assertTrue(events().stream().anyMatch(e -> e.startsWith("recording.ready ") && e.contains("\"callId\":\"c1\"")
                && e.contains("\"durationSeconds\":9")), () -> "no recording.ready event: " + events());
        var r = rec.find("c1").orElseThrow();
        assertEquals(RecordingRepository.Status.READY, r.status());
        assertEquals(9_400L, r.durationMs());
        assertEquals(List.of(), rec.due(clock.instant(), 10));
        assertEquals(TranscriptRepository.Status.PENDING, store.transcripts().find("c1").orElseThrow().status(),
                "its transcription is queued with it");
        assertFalse(rec.ready("c1", 1, 1, true, clock.instant()), "collected once");
    }

    @Test
    void aDeletedRecordingIsNotMadeReadyByALateCollector() {
        RecordingRepository rec = store.recordings();
        rec.begin("c2", clock.instant());
        assertTrue(rec.markDeleted("c2"));
        assertFalse(rec.ready("c2", 1000, 100, true, clock.instant()));
        assertTrue(store.transcripts().find("c2").isEmpty(), "nothing to transcribe");
        assertFalse(rec.markDeleted("c2"), "deleted once");
    }

    @Test
    void aTranscriptionJobIsClaimedByOneWorkerAndTakenOverWhenItsClaimRunsOut() throws Exception {
        store.calls().started(call("c3", null, true));
        store.recordings().begin("c3", clock.instant());
        store.recordings().ready("c3", 5000, 80_044, true, clock.instant());
        TranscriptRepository q = store.transcripts();
        Duration lease = Duration.ofMinutes(2);

        var first = q.claim("w1", clock.instant(), lease).orElseThrow();
        assertEquals("c3", first.callId());
        assertEquals(1, first.attempts());
        assertEquals(Optional.empty(), q.claim("w2", clock.instant(), lease), "one worker at a time");

        clock.advance(lease.plusSeconds(1)); // w1 died
        var second = q.claim("w2", clock.instant(), lease).orElseThrow();
        assertEquals(2, second.attempts());
        assertFalse(q.done("c3", "w1", "en", "{}", List.of(), clock.instant()), "the late worker's result is refused");
        assertTrue(events().stream().noneMatch(e -> e.startsWith("transcript.ready")), "no event for a refused result");

        q.retryAt("c3", "w2", clock.instant().plusSeconds(30), "service answered 503", clock.instant());
        assertEquals(Optional.empty(), q.claim("w2", clock.instant(), lease), "not before its next attempt");
        clock.advance(Duration.ofSeconds(31));
        var third = q.claim("w3", clock.instant(), lease).orElseThrow();
        assertEquals(3, third.attempts());
        assertTrue(q.done("c3", "w3", "en", "{\"text\":\"x\",\"segments\":[]}", List.of("refund"), clock.instant()));
        List<String> ready = events().stream().filter(e -> e.startsWith("transcript.ready")).toList();
        assertEquals(1, ready.size(), ready::toString);
        assertTrue(ready.get(0).contains("\"flags\":[\"refund\"]") && !ready.get(0).contains("\"text\""), ready.get(0));
        var t = q.find("c3").orElseThrow();
        assertEquals(TranscriptRepository.Status.DONE, t.status());
        assertEquals(List.of("refund"), t.flags());
        assertEquals(Optional.empty(), q.claim("w1", clock.instant().plus(Duration.ofDays(1)), lease), "done is done");
    }

    @Test
    void flaggedCallsAreListedAndEveryRowShowsItsRecordingAndFlags() {
        for (String id : List.of("f1", "f2", "f3")) {
            store.calls().started(call(id, null, true));
            clock.advance(Duration.ofSeconds(1));
        }
        for (String id : List.of("f1", "f2")) {
            store.recordings().begin(id, clock.instant());
            store.recordings().ready(id, 3000, 48_044, true, clock.instant());
            store.transcripts().claim("w", clock.instant(), Duration.ofMinutes(1)).orElseThrow();
        }
        store.transcripts().done("f1", "w", "en", "{}", List.of("refund", "emergency"), clock.instant());
        store.transcripts().done("f2", "w", "en", "{}", List.of(), clock.instant());

        var flagged = store.calls().page(new CallRepository.Query(Optional.empty(), Optional.empty(), Optional.empty(), true),
                10, Optional.empty());
        assertEquals(List.of("f1"), flagged.items().stream().map(CallRecord::id).toList());
        var all = store.recordings().summaries(List.of("f1", "f2", "f3"));
        assertEquals(List.of("refund", "emergency"), all.get("f1").flags());
        assertEquals(3000L, all.get("f1").recording().durationMs());
        assertEquals(List.of(), all.get("f2").flags());
        assertFalse(all.containsKey("f3"), "a call that was not recorded has no summary");
    }

    @Test
    void recordingsGoAfterTheirRetentionAndWithTheirCall() {
        store.calls().started(call("p1", null, true));
        store.recordings().begin("p1", clock.instant());
        store.recordings().ready("p1", 3000, 48_044, true, clock.instant());
        store.calls().started(call("p2", null, true));
        store.recordings().begin("p2", clock.instant().minus(Duration.ofDays(40)));
        store.recordings().ready("p2", 3000, 48_044, true, clock.instant());

        assertEquals(List.of("p2"), store.recordings().expired(clock.instant().minus(Duration.ofDays(30)), clock.instant().minus(Duration.ofHours(1)), 10));
        store.recordings().markDeleted("p2");
        assertEquals(List.of(), store.recordings().expired(clock.instant().minus(Duration.ofDays(30)), clock.instant().minus(Duration.ofHours(1)), 10));

        // The call log purges p1's call: its recording is due at once, then its rows go.
        store.calls().purgeStartedBefore(clock.instant().plusSeconds(1), 10);
        clock.advance(Duration.ofHours(2));
        assertTrue(store.recordings().expired(Instant.EPOCH, clock.instant().minus(Duration.ofHours(1)), 10).contains("p1"));
        store.recordings().markDeleted("p1");
        assertTrue(store.recordings().purgeOrphans(100) >= 2);
        assertTrue(store.recordings().find("p1").isEmpty());
        assertTrue(store.transcripts().find("p1").isEmpty(), "the transcript went with its call");
    }
}
