package org.maskline.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event WebSocket against a loopback fake: delivery threads and order, reconnection, silence, replacement. */
class AriClientEventsTest {

    private FakeAsterisk fake;
    private AriClient client;
    private final Recorder recorder = new Recorder();

    /** Records what the listener saw, and on which thread. */
    static final class Recorder implements AriListener {
        final BlockingQueue<AriEvent> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
        final BlockingQueue<Boolean> connects = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> disconnects = new LinkedBlockingQueue<>();
        final CountDownLatch replaced = new CountDownLatch(1);

        @Override
        public void onEvent(AriEvent event) {
            threads.add(Thread.currentThread());
            events.add(event);
        }

        @Override
        public void onConnected(boolean reconnected) {
            threads.add(Thread.currentThread());
            connects.add(reconnected);
        }

        @Override
        public void onDisconnected(Throwable cause) {
            disconnects.add(cause);
        }

        @Override
        public void onApplicationReplaced() {
            replaced.countDown();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeAsterisk();
    }

    private void start(Duration pingInterval) throws Exception {
        client = new AriClient(AriConfig.of("unit", fake.ariUri(), "maskline", "secret", "maskline")
                .withPingInterval(pingInterval), recorder);
        client.start();
        client.whenConnected().get(5, TimeUnit.SECONDS);
        assertEquals(Boolean.FALSE, recorder.connects.poll(5, TimeUnit.SECONDS));
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        fake.close();
    }

    @Test
    void connectsWithAppAuthAndSubprotocol() throws Exception {
        start(Duration.ofSeconds(2));
        var hs = fake.handshakes.poll(5, TimeUnit.SECONDS);
        assertEquals("/ari/events?app=maskline&subscribeAll=false", hs.uri());
        assertEquals(BasicAuth.header("maskline", "secret"), hs.authorization());
        assertTrue(client.isConnected());
    }

    @Test
    void eventsArriveInOrderPerChannelAndNeverOnTheEventLoop() throws Exception {
        start(Duration.ofSeconds(2));
        int channels = 20;
        int perChannel = 30;
        for (int i = 0; i < perChannel; i++) {
            for (int c = 0; c < channels; c++) {
                fake.push(Samples.event("ChannelVarset", "\"variable\":\"SEQ\",\"value\":\"" + i
                        + "\",\"channel\":" + Samples.channel("chan-" + c)));
            }
        }
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        for (int n = 0; n < channels * perChannel; n++) {
            var e = assertInstanceOf(AriEvent.ChannelVarset.class, recorder.events.poll(10, TimeUnit.SECONDS));
            seen.computeIfAbsent(e.channel().id(), k -> new ArrayList<>()).add(Integer.parseInt(e.value()));
        }
        for (var e : seen.entrySet()) {
            for (int i = 0; i < perChannel; i++) {
                assertEquals(i, e.getValue().get(i), "order of " + e.getKey());
            }
        }
        for (Thread t : recorder.threads) {
            assertFalse(t.getName().startsWith("ari-io-"), "handler ran on " + t.getName());
            assertFalse(t instanceof io.netty.util.concurrent.FastThreadLocalThread, "handler ran on a Netty thread");
        }
    }

    @Test
    void reconnectsAfterAsteriskDropsTheSocket() throws Exception {
        start(Duration.ofSeconds(2));
        fake.handshakes.clear();
        fake.dropSockets();
        assertTrue(recorder.disconnects.poll(5, TimeUnit.SECONDS) != null, "onDisconnected");
        assertEquals(Boolean.TRUE, recorder.connects.poll(10, TimeUnit.SECONDS), "onConnected(reconnected=true)");
        client.whenConnected().get(5, TimeUnit.SECONDS);
        fake.push(Samples.event("StasisStart", "\"args\":[],\"channel\":" + Samples.channel("after")));
        var e = assertInstanceOf(AriEvent.StasisStart.class, recorder.events.poll(5, TimeUnit.SECONDS));
        assertEquals("after", e.channel().id());
    }

    @Test
    void aSilentSocketIsDetectedAndReplaced() throws Exception {
        start(Duration.ofMillis(300));
        // Pongs flow at first: the socket must stay up while they do.
        int before = fake.pingsSeen.get();
        Await.until("pings reach Asterisk", Duration.ofSeconds(10), () -> fake.pingsSeen.get() >= before + 4);
        assertTrue(recorder.disconnects.isEmpty(), "answered pings must keep the socket");
        fake.answerPings = false;
        var cause = recorder.disconnects.poll(5, TimeUnit.SECONDS);
        assertTrue(cause != null && cause.getMessage().contains("no frames or pongs"), String.valueOf(cause));
        fake.answerPings = true;
        assertEquals(Boolean.TRUE, recorder.connects.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void keepsTryingWhileAsteriskRefusesAndConnectsWhenItRecovers() throws Exception {
        fake.handshakeStatus = 401;
        client = new AriClient(AriConfig.of("unit", fake.ariUri(), "maskline", "wrong", "maskline"), recorder);
        client.start();
        // Several refused attempts prove the client does not give up (the backoff keeps them apart).
        for (int i = 0; i < 3; i++) {
            assertTrue(fake.handshakes.poll(10, TimeUnit.SECONDS) != null, "attempt " + i);
        }
        assertFalse(client.isConnected());
        fake.handshakeStatus = 0;
        client.whenConnected().get(15, TimeUnit.SECONDS);
        assertEquals(Boolean.FALSE, recorder.connects.poll(5, TimeUnit.SECONDS), "first connection is not a reconnect");
    }

    @Test
    void applicationReplacedIsDeliveredAndTheClientStepsBack() throws Exception {
        start(Duration.ofSeconds(2));
        fake.handshakes.clear();
        fake.push(Samples.event("ApplicationReplaced", ""));
        assertTrue(recorder.replaced.await(5, TimeUnit.SECONDS));
        assertInstanceOf(AriEvent.ApplicationReplaced.class, recorder.events.poll(5, TimeUnit.SECONDS));
        assertTrue(recorder.disconnects.poll(5, TimeUnit.SECONDS) != null, "socket closed after replacement");
        assertFalse(client.isConnected());
        // The quiet period is far longer than the normal backoff's first steps: no attempt follows at once.
        assertEquals(null, fake.handshakes.poll(1, TimeUnit.SECONDS));
    }

    @Test
    void closeStopsReconnecting() throws Exception {
        start(Duration.ofSeconds(2));
        client.close();
        fake.handshakes.clear();
        fake.dropSockets();
        assertFalse(client.isConnected());
        assertEquals(null, fake.handshakes.poll(1, TimeUnit.SECONDS));
        client = null;
    }
}
