package org.maskline.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.ari.AriException;
import org.maskline.ari.TextMessage;
import org.maskline.config.MessageConfig;
import org.maskline.sessions.ConflictException;
import org.maskline.sessions.InvalidRequestException;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.RouteLookup;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionMode;
import org.maskline.sessions.StoreUnavailableException;
import org.maskline.store.MessageRecord;
import org.maskline.store.MessageStatus;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;
import org.maskline.testsupport.MutableClock;

/**
 * The messenger's decisions on a real H2 store. Asterisk is a stand-in here only to inject its
 * faults (a refused send, no connection, no answer); the real relay runs in it/messages.
 */
class MessengerTest {
    private final MutableClock clock = MutableClock.atNow();
    private Store store;
    private final Asterisk asterisk = new Asterisk();

    /** Records each send; answers as told. */
    static final class Asterisk implements TextPort {
        record Sent(String to, String from, String body) {}

        final List<Sent> sent = new ArrayList<>();
        volatile RuntimeException refuse;
        volatile boolean silent;
        volatile boolean connected = true;

        @Override
        public synchronized CompletableFuture<Void> send(String toNumber, String fromNumber, String body) {
            sent.add(new Sent(toNumber, fromNumber, body));
            if (silent) return new CompletableFuture<>();
            return refuse == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(refuse);
        }

        @Override
        public CompletableFuture<Void> subscribe() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> unsubscribe() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> isSubscribed() {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public boolean isConnected() {
            return connected;
        }
    }

    @BeforeEach
    void open() {
        store = Store.open(new StoreSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4,
                Duration.ofDays(90)), clock);
        store.numbers().add("+15550100");
        store.numbers().add("+15550101");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Messenger messenger(MessageConfig config) {
        return messenger(config, store.routes());
    }

    private Messenger messenger(MessageConfig config, RouteLookup routes) {
        return new Messenger(asterisk, routes, store.sessions(), store.messages(), config, "ES", clock);
    }

    private Session session(SessionMode mode) {
        return store.sessions().create(new NewSession(new NewParticipant("+34600000001", "rider"),
                new NewParticipant("+34600000002", "driver"), clock.instant().plus(Duration.ofHours(1)), null, mode));
    }

    private static String proxyOf(Session s, String number) {
        return s.participants().stream().filter(p -> p.number().equals(number)).findFirst().orElseThrow().proxyNumber();
    }

    private static InboundText text(String from, String to, String body) {
        return InboundText.of(new TextMessage("<sip:" + from + "@10.0.0.1>", "pjsip:" + to + "@10.0.0.2", body,
                Map.of("Content-Length", String.valueOf(body.length()))), System.nanoTime());
    }

    @Test
    void aRefusedSendIsLoggedFailedWithAsterisksCodeNeverSent() {
        Session s = session(SessionMode.VOICE_AND_MESSAGE);
        asterisk.refuse = new AriException.NotFound("endpoints.sendMessage", 404, "Endpoint not found");
        MessageRecord r = messenger(MessageConfig.DEFAULT).relay(text("+34600000001", proxyOf(s, "+34600000001"), "hola"));
        assertEquals(MessageStatus.FAILED, r.status());
        assertTrue(r.reason().startsWith("asterisk_404"), r.reason());
        assertEquals(s.id(), r.sessionId());
        assertEquals(r, store.messages().find(r.id()).orElseThrow());
    }

    @Test
    void asteriskThatDoesNotAnswerFailsTheMessageWithinTheDeadline() {
        Session s = session(SessionMode.VOICE_AND_MESSAGE);
        asterisk.silent = true;
        long t0 = System.nanoTime();
        MessageRecord r = messenger(MessageConfig.DEFAULT).relay(text("+34600000001", proxyOf(s, "+34600000001"), "hola"));
        assertEquals("asterisk_timeout", r.reason());
        assertTrue(System.nanoTime() - t0 < Messenger.SEND_TIMEOUT.toNanos() * 2);
    }

    @Test
    void aStoreThatCannotAnswerForwardsNothingAndRepliesNothing() {
        Session s = session(SessionMode.VOICE_AND_MESSAGE);
        RouteLookup down = new RouteLookup() {
            @Override
            public Optional<org.maskline.sessions.Route> findRoute(String caller, String dialed) {
                throw new StoreUnavailableException("injected outage", null);
            }
        };
        MessageRecord r = messenger(new MessageConfig(30, Optional.of("no"), false), down)
                .relay(text("+34600000001", proxyOf(s, "+34600000001"), "hola"));
        assertEquals(MessageStatus.REJECTED, r.status());
        assertEquals("store_unavailable", r.reason());
        assertEquals(List.of(), asterisk.sent, "fail closed: nobody is sent anything");
    }

    @Test
    void aWriterToANumberOutsideThePoolGetsNoReplyFromIt() {
        MessageRecord r = messenger(new MessageConfig(30, Optional.of("no"), false))
                .relay(text("+34600000009", "+34600000002", "hola"));
        assertEquals("unknown_sender", r.reason());
        assertEquals(List.of(), asterisk.sent, "a reply would show a number that is not ours");
    }

    @Test
    void bodiesAreStoredOnlyWhenAskedAndTheLengthIsInBytes() {
        Session s = session(SessionMode.VOICE_AND_MESSAGE);
        MessageRecord off = messenger(MessageConfig.DEFAULT).relay(text("+34600000001", proxyOf(s, "+34600000001"), "¿qué? ✓"));
        assertNull(off.body());
        assertEquals(11, off.bodyLength());
        MessageRecord on = messenger(new MessageConfig(30, Optional.empty(), true))
                .relay(text("+34600000002", proxyOf(s, "+34600000002"), "¿qué? ✓"));
        assertEquals("¿qué? ✓", on.body());
        assertEquals(new Asterisk.Sent("+34600000001", proxyOf(s, "+34600000001"), "¿qué? ✓"), asterisk.sent.getLast(),
                "to the rider, from the rider's proxy");
    }

    @Test
    void theApiSendsToALabelOrANumberAndRefusesWhatCannotBeSent() {
        Session s = session(SessionMode.VOICE_AND_MESSAGE);
        Messenger m = messenger(MessageConfig.DEFAULT);
        assertEquals(MessageStatus.SENT, m.sendInto(s, "driver", "hi").record().status());
        assertEquals(new Asterisk.Sent("+34600000002", proxyOf(s, "+34600000002"), "hi"), asterisk.sent.getLast());
        assertEquals("+34600000001", m.sendInto(s, "0034600000001", "hi").record().to(), "a number in any shape");
        assertThrows(InvalidRequestException.class, () -> m.sendInto(s, "nobody", "hi"));
        assertThrows(InvalidRequestException.class, () -> m.sendInto(s, "rider", "x".repeat(1024)));
        assertThrows(InvalidRequestException.class, () -> m.sendInto(s, "rider", ""));
        asterisk.connected = false;
        Messenger.ApiSend down = m.sendInto(s, "rider", "hi");
        assertTrue(down.asteriskUnavailable());
        assertEquals("asterisk_unavailable", down.record().reason());
        assertEquals(MessageStatus.FAILED, store.messages().find(down.record().id()).orElseThrow().status(), "logged, not lost");
        store.sessions().close(s.id());
        Session closed = store.sessions().find(s.id()).orElseThrow();
        asterisk.connected = true;
        assertThrows(ConflictException.class, () -> m.sendInto(closed, "rider", "hi"));
    }
}
