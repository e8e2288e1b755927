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
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Route;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionMode;
import org.maskline.sessions.SessionStatus;
import org.maskline.testsupport.MutableClock;

/** Issue 13's store: the message log and the session mode, on each database. */
abstract class MessageLogContract {
    protected final MutableClock clock = MutableClock.atNow();
    protected Store store;

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

    private MessageRecord message(String id, String sessionId, MessageStatus status, Instant at, String body) {
        return new MessageRecord(id, sessionId, "+34600000001", status == MessageStatus.REJECTED ? null : "+34600000002",
                "+15550100", MessageDirection.INBOUND, status, status == MessageStatus.SENT ? null : "unknown_sender",
                at, body == null ? 5 : body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, body);
    }

    @Test
    void aRowReadsBackAsWrittenBodyAndAllAndNonAsciiIntact() {
        String text = "¿dónde estás? ✓ 🚕 Привет";
        Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        MessageRecord m = message("m1", "s1", MessageStatus.SENT, at, text);
        store.messages().add(m);
        assertEquals(m, store.messages().find("m1").orElseThrow());
        MessageRecord rejected = message("m2", null, MessageStatus.REJECTED, at, null);
        store.messages().add(rejected);
        MessageRecord back = store.messages().find("m2").orElseThrow();
        assertEquals(rejected, back);
        assertNull(back.to());
        assertNull(back.body());
    }

    @Test
    void pagesAreNewestFirstWithNoRowLostOrRepeatedAcrossEqualTimes() {
        Instant t = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Three rows share each timestamp: the id breaks the tie.
            String id = String.format("m%02d", i);
            store.messages().add(message(id, i % 2 == 0 ? "even" : "odd", MessageStatus.SENT, t.plusMillis(i / 3), null));
            written.add(id);
        }
        Set<String> seen = new HashSet<>();
        List<Instant> times = new ArrayList<>();
        Optional<PageKey> after = Optional.empty();
        int pages = 0;
        do {
            Page<MessageRecord> page = store.messages().page(MessageRepository.Query.all(), 4, after);
            for (MessageRecord r : page.items()) {
                assertTrue(seen.add(r.id()), "repeated " + r.id());
                times.add(r.createdAt());
            }
            after = page.next();
            pages++;
        } while (after.isPresent());
        assertEquals(Set.copyOf(written), seen);
        assertEquals(7, pages);
        for (int i = 1; i < times.size(); i++) assertFalse(times.get(i).isAfter(times.get(i - 1)), "newest first");

        Page<MessageRecord> odd = store.messages().page(new MessageRepository.Query(Optional.of("odd"), Optional.empty(),
                Optional.empty()), 100, Optional.empty());
        assertEquals(12, odd.items().size());
        assertTrue(odd.next().isEmpty());
    }

    @Test
    void theLogFiltersByStatusAndTime() {
        Instant t = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        store.messages().add(message("a", "s", MessageStatus.SENT, t, null));
        store.messages().add(message("b", null, MessageStatus.REJECTED, t.plusSeconds(1), null));
        store.messages().add(message("c", "s", MessageStatus.FAILED, t.plusSeconds(2), null));
        assertEquals(List.of("b"), ids(new MessageRepository.Query(Optional.empty(), Optional.empty(),
                Optional.of(MessageStatus.REJECTED))));
        assertEquals(List.of("c", "b"), ids(new MessageRepository.Query(Optional.empty(), Optional.of(t.plusSeconds(1)),
                Optional.empty())));
    }

    private List<String> ids(MessageRepository.Query q) {
        return store.messages().page(q, 100, Optional.empty()).items().stream().map(MessageRecord::id).toList();
    }

    @Test
    void messagesPastTheRetentionArePurgedByTheSweeper() {
        Instant t = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        store.messages().add(message("old", null, MessageStatus.REJECTED, t, null));
        clock.advance(Duration.ofDays(91));
        store.messages().add(message("new", null, MessageStatus.REJECTED, clock.instant(), null));
        assertEquals(1, store.sweeper().sweepOnce().messagesPurged());
        assertTrue(store.messages().find("old").isEmpty());
        assertTrue(store.messages().find("new").isPresent());
    }

    @Test
    void aSessionKeepsItsModeAndItsRoutesCarryIt() {
        store.numbers().add("+15550100");
        store.numbers().add("+15550101");
        for (SessionMode mode : SessionMode.values()) {
            String a = "+3460000" + (10 + mode.ordinal() * 2);
            String b = "+3460000" + (11 + mode.ordinal() * 2);
            Session s = store.sessions().create(new NewSession(new NewParticipant(a, "a"), new NewParticipant(b, "b"),
                    clock.instant().plus(Duration.ofHours(1)), null, mode));
            assertEquals(mode, s.mode());
            assertEquals(mode, store.sessions().find(s.id()).orElseThrow().mode());
            Route r = store.routes().findRoute(a, s.participants().getFirst().proxyNumber()).orElseThrow();
            assertEquals(mode, r.mode());
        }
        Session plain = store.sessions().create(new NewSession(new NewParticipant("+34600000090", "a"),
                new NewParticipant("+34600000091", "b"), clock.instant().plus(Duration.ofHours(1)), null));
        assertEquals(SessionMode.VOICE_AND_MESSAGE, plain.mode(), "the default mode");
    }

    @Test
    void theLatestSessionOfASenderOnANumberTellsClosedFromExpiredFromNone() {
        store.numbers().add("+15550100");
        Session s = store.sessions().create(new NewSession(new NewParticipant("+34600000001", "a"),
                new NewParticipant("+34600000002", "b"), clock.instant().plus(Duration.ofHours(1)), null));
        String proxy = s.participants().getFirst().proxyNumber();
        assertEquals(Optional.of(SessionStatus.OPEN), store.sessions().latestStatus("+34600000001", proxy));
        store.sessions().close(s.id());
        assertEquals(Optional.of(SessionStatus.CLOSED), store.sessions().latestStatus("+34600000001", proxy));
        assertEquals(Optional.of(SessionStatus.CLOSED), store.sessions().latestStatus("+34600000002", proxy),
                "either side of the pair");
        assertEquals(Optional.empty(), store.sessions().latestStatus("+34600000003", proxy));

        clock.advance(Duration.ofSeconds(1));
        Session t = store.sessions().create(new NewSession(new NewParticipant("+34600000001", "a"),
                new NewParticipant("+34600000004", "b"), clock.instant().plus(Duration.ofMinutes(1)), null));
        clock.advance(Duration.ofMinutes(2));
        assertEquals(Optional.of(SessionStatus.EXPIRED), store.sessions().latestStatus("+34600000001",
                t.participants().getFirst().proxyNumber()), "the newest session decides");
    }

    @Test
    void aRowThatBreaksTheSchemaIsRefusedNotCut() {
        MessageRecord tooLong = new MessageRecord("x", null, "+34600000001", null, "+15550100", MessageDirection.INBOUND,
                MessageStatus.REJECTED, "r".repeat(65), clock.instant(), 1, null);
        assertThrows(RuntimeException.class, () -> store.messages().add(tooLong));
        assertTrue(store.messages().find("x").isEmpty());
    }

    @Test
    void eachRowRaisesItsMessageEventInTheSameTransactionButRateLimitedOnesDoNot() throws Exception {
        store.numbers().add("+15550100");
        store.numbers().add("+15550101");
        Session s = store.sessions().create(new NewSession(new NewParticipant("+34600000001", "rider"),
                new NewParticipant("+34600000002", "driver"), clock.instant().plus(Duration.ofHours(1)), null));
        Instant t = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        store.messages().add(message("sent", s.id(), MessageStatus.SENT, t, "hola ✓"));
        store.messages().add(new MessageRecord("limited", null, "+34600000001", null, "+15550100", MessageDirection.INBOUND,
                MessageStatus.REJECTED, "rate_limited", t, 4, null));
        store.messages().add(message("refused", null, MessageStatus.REJECTED, t, null));
        String secret = "whsec-test-0123456789abcdef";
        try (var receiver = new org.maskline.testsupport.WebhookReceiver(secret, 0, clock).start()) {
            var d = new org.maskline.webhooks.Dispatcher(store, List.of(new org.maskline.webhooks.MasklineTarget(
                    receiver.url("/events"), secret)), org.maskline.webhooks.Dispatcher.Settings.of(Duration.ofSeconds(2),
                    Duration.ofDays(90)), clock);
            try {
                while (d.runOnce() > 0) {
                    // deliver until nothing is due
                }
            } finally {
                d.close();
            }
            assertEquals(List.of("session.opened", "message.sent"), receiver.eventsOf(s.id()).stream()
                    .map(org.maskline.testsupport.WebhookReceiver.Received::type).toList());
            var data = receiver.eventsOf(s.id()).get(1).data();
            assertEquals("sent", data.get("id").asText());
            assertEquals("+34600000002", data.get("to").asText());
            assertEquals("hola ✓", data.get("body").asText(), "the body travels only when it is stored");
            List<String> all = receiver.events().stream().map(e -> e.data().path("id").asText()).toList();
            assertTrue(all.contains("refused"), all.toString());
            assertFalse(all.contains("limited"), "a flood at Maskline is no flood at the backend: " + all);
            assertEquals(List.of(), receiver.badSignatures());
        }
    }
}
