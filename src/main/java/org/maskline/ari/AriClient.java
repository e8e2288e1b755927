package org.maskline.ari;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ARI client for one Asterisk node: typed asynchronous REST over a keep-alive connection pool, and the application's
 * event WebSocket, delivered to an {@link AriListener} in order per channel and never on a network thread.
 *
 * <p>Wiring: {@code new AriClient(config, listener)}, then {@link #start()}. Futures returned by the REST facades
 * complete on virtual threads, so callers may chain blocking work on them.
 */
public final class AriClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AriClient.class);

    private final AriConfig config;
    private final AriListener listener;
    private final AriMetrics metrics;
    private final NioEventLoopGroup group;
    private final ExecutorService handlerThreads;
    private final KeyedSerialExecutor dispatcher;
    private final RestTransport http;
    private final EventSocket socket;
    private final EventDecoder decoder = new EventDecoder();

    private final Channels channels;
    private final Playbacks playbacks;
    private final Bridges bridges;
    private final Applications applications;
    private final Endpoints endpoints;
    private final AsteriskApi asterisk;
    private final Events events;

    public AriClient(AriConfig config, AriListener listener) {
        this(config, listener, () -> true);
    }

    /**
     * A client that acts on Asterisk only while {@code mayAct} says so: every REST request and every
     * WebSocket (re)connection checks it first, and fails (or waits) when it is false. Active/standby
     * uses it so an instance whose lease ran out (paused, cut off) cannot touch Asterisk before it
     * has even noticed, whatever thread wakes up first.
     */
    public AriClient(AriConfig config, AriListener listener, java.util.function.BooleanSupplier mayAct) {
        this.config = config;
        this.listener = listener;
        this.metrics = new AriMetrics(config.nodeName());
        // Two I/O threads: one carries the event socket, the other most REST traffic; Netty work here is tiny.
        this.group = new NioEventLoopGroup(2, new DefaultThreadFactory("ari-io-" + config.nodeName(), true));
        // Handlers may block (on REST calls, on a database): virtual threads make that cheap, one per busy key.
        this.handlerThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("ari-" + config.nodeName() + "-", 0).factory());
        this.dispatcher = new KeyedSerialExecutor(handlerThreads);
        this.http = new RestTransport(config, group, handlerThreads, metrics, mayAct);
        this.socket = new EventSocket(config, group.next(), handlerThreads, metrics, new SocketSink(), mayAct);
        this.channels = new Channels(http);
        this.playbacks = new Playbacks(http);
        this.bridges = new Bridges(http);
        this.applications = new Applications(http);
        this.endpoints = new Endpoints(http);
        this.asterisk = new AsteriskApi(http);
        this.events = new Events(http);
    }

    /** Connects the event WebSocket in the background and keeps it connected until {@link #close()}. */
    public void start() {
        socket.start();
    }

    public boolean isConnected() {
        return socket.isConnected();
    }

    /** Completes when the event socket is up: at once while it is up, else at the next (re)connection. */
    public CompletableFuture<Void> whenConnected() {
        return socket.whenConnected();
    }

    public String nodeName() {
        return config.nodeName();
    }

    public AriConfig config() {
        return config;
    }

    /**
     * A fresh id for a channel, bridge, playback or recording. Creating objects under our own ids lets a handler be
     * registered before Asterisk's first event about the object can arrive.
     */
    public static String newId() {
        return "ml-" + UUID.randomUUID();
    }

    public Channels channels() {
        return channels;
    }

    public Playbacks playbacks() {
        return playbacks;
    }

    public Bridges bridges() {
        return bridges;
    }

    public Applications applications() {
        return applications;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public AsteriskApi asterisk() {
        return asterisk;
    }

    public Events events() {
        return events;
    }

    /** Events queued or running in handlers, over all ordering keys; a growing number means handlers are too slow. */
    public int pendingEvents() {
        return dispatcher.pending();
    }

    @Override
    public void close() {
        socket.close();
        http.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        handlerThreads.shutdown();
        try {
            // Give running handlers a moment; a handler blocked for ever must not block shutdown for ever.
            if (!handlerThreads.awaitTermination(2, TimeUnit.SECONDS)) {
                handlerThreads.shutdownNow();
            }
        } catch (InterruptedException e) {
            handlerThreads.shutdownNow();
            Thread.currentThread().interrupt();
        }
        metrics.connected(false);
    }

    /** Runs on the event loop: decode, count, and hand the event to its key's queue. */
    private final class SocketSink implements EventSocket.Sink {
        private final RepeatedEvents repeats = new RepeatedEvents();

        @Override
        public void text(String json) {
            if (repeats.isRepeat(json)) {
                metrics.repeatDropped();
                return;
            }
            AriEvent event;
            try {
                event = decoder.decode(json);
            } catch (IllegalArgumentException e) {
                log.warn("[{}] Dropped an ARI message that is not a JSON object: {}", config.nodeName(), e.getMessage());
                return;
            }
            metrics.event(event.type());
            dispatcher.submit(event.orderingKey(), () -> listener.onEvent(event));
            if (event instanceof AriEvent.ApplicationReplaced) {
                socket.applicationReplaced();
                dispatcher.submit(AriEvent.NODE_KEY, listener::onApplicationReplaced);
            }
        }

        @Override
        public void connected(boolean reconnected) {
            repeats.clear();
            dispatcher.submit(AriEvent.NODE_KEY, () -> listener.onConnected(reconnected));
        }

        @Override
        public void disconnected(Throwable cause) {
            dispatcher.submit(AriEvent.NODE_KEY, () -> listener.onDisconnected(cause));
        }
    }
}
