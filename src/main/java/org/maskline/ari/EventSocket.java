package org.maskline.ari;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one event WebSocket: connects, pings, notices silence, and reconnects forever with backoff until closed.
 * All state changes happen on a single event loop, so the fields below need no locks; what other threads read is
 * volatile or atomic.
 */
final class EventSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventSocket.class);

    private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;
    // Missing this many ping intervals of inbound traffic (pongs count) means the socket is dead.
    static final int SILENT_INTERVALS = 3;
    // After another client took our application name, wait this long (plus jitter) before taking it back.
    static final Duration REPLACED_QUIET_PERIOD = Duration.ofSeconds(30);

    /** What the socket reports; every method is called on the event loop and must hand work off quickly. */
    interface Sink {
        void text(String json);

        void connected(boolean reconnected);

        void disconnected(Throwable cause);
    }

    private final AriConfig config;
    private final EventLoop loop;
    private final Executor completions;
    private final AriMetrics metrics;
    private final Sink sink;
    private final Backoff backoff = new Backoff();
    private final java.util.function.BooleanSupplier mayAct;
    private final URI wsUri;
    private final String authorization;

    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean connected;
    private final AtomicReference<CompletableFuture<Void>> nextUp = new AtomicReference<>(new CompletableFuture<>());

    // Owned by the event loop.
    private io.netty.channel.Channel channel;
    private ScheduledFuture<?> reconnectTimer;
    private boolean everConnected;
    private boolean replaced;
    private int failuresInARow;

    EventSocket(AriConfig config, EventLoop loop, Executor completions, AriMetrics metrics, Sink sink) {
        this(config, loop, completions, metrics, sink, () -> true);
    }

    EventSocket(AriConfig config, EventLoop loop, Executor completions, AriMetrics metrics, Sink sink,
                java.util.function.BooleanSupplier mayAct) {
        this.mayAct = mayAct;
        this.config = config;
        this.loop = loop;
        this.completions = completions;
        this.metrics = metrics;
        this.sink = sink;
        this.authorization = BasicAuth.header(config.user(), config.password());
        this.wsUri = URI.create("ws://" + config.baseUri().getHost() + ":" + config.port() + config.basePath()
                + "/events?app=" + RestCall.encode(config.app()) + "&subscribeAll=false");
    }

    void start() {
        if (closed || started) {
            return;
        }
        started = true;
        loop.execute(this::connect);
    }

    boolean isConnected() {
        return connected;
    }

    /** Completes (off the event loop) when the socket is up; already complete while it is up. */
    CompletableFuture<Void> whenConnected() {
        return nextUp.get().copy();
    }

    /** Called when Asterisk says another client took the application; we step back instead of fighting. */
    void applicationReplaced() {
        loop.execute(() -> {
            replaced = true;
            if (channel != null) {
                channel.close();
            }
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        reconnectTimer = null;
        if (!mayAct.getAsBoolean()) {
            // Not (or no longer) the active instance: never take the application; the owner closes us.
            scheduleReconnect();
            return;
        }
        var protocol = new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(wsUri)
                .version(WebSocketVersion.V13)
                .subprotocol("ari")
                .customHeaders(new DefaultHttpHeaders().set(HttpHeaderNames.AUTHORIZATION, authorization))
                .maxFramePayloadLength(MAX_FRAME_BYTES)
                .handshakeTimeoutMillis(config.requestTimeout().toMillis())
                .dropPongFrames(false)
                .handleCloseFrames(true)
                .build());
        var bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpClientCodec())
                                .addLast(new HttpObjectAggregator(64 * 1024))
                                .addLast(protocol)
                                .addLast(new WebSocketFrameAggregator(MAX_FRAME_BYTES))
                                .addLast(new FrameHandler());
                    }
                });
        ChannelFuture f = bootstrap.connect(config.baseUri().getHost(), config.port());
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                attemptFailed(done.cause());
                scheduleReconnect();
            }
        });
    }

    private void attemptFailed(Throwable cause) {
        failuresInARow++;
        // The first failure of a streak is news; the next ones are the same news until it recovers.
        if (failuresInARow == 1 || failuresInARow % 20 == 0) {
            log.warn("[{}] ARI event socket to {} not up (attempt {}): {}", config.nodeName(), wsUri.getHost() + ":"
                    + wsUri.getPort(), failuresInARow, describe(cause));
        } else {
            log.debug("[{}] ARI event socket attempt {} failed: {}", config.nodeName(), failuresInARow, describe(cause));
        }
    }

    private void scheduleReconnect() {
        if (closed || reconnectTimer != null) {
            return;
        }
        Duration delay;
        if (replaced) {
            replaced = false;
            long jitter = ThreadLocalRandom.current().nextLong(REPLACED_QUIET_PERIOD.toMillis() / 4 + 1);
            delay = REPLACED_QUIET_PERIOD.plusMillis(jitter);
            log.warn("[{}] Another client took ARI application '{}'; trying again in {} s", config.nodeName(),
                    config.app(), delay.toSeconds());
        } else {
            delay = backoff.next();
        }
        reconnectTimer = loop.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void up(ChannelHandlerContext ctx) {
        boolean reconnected = everConnected;
        everConnected = true;
        connected = true;
        failuresInARow = 0;
        backoff.reset();
        metrics.connected(true);
        if (reconnected) {
            metrics.reconnected();
        }
        log.info("[{}] ARI event socket up for application '{}'{}", config.nodeName(), config.app(),
                reconnected ? " (reconnected: state must be reconciled)" : "");
        var liveness = new Liveness(ctx);
        liveness.timer = loop.scheduleAtFixedRate(liveness, config.pingInterval().toNanos(),
                config.pingInterval().toNanos(), TimeUnit.NANOSECONDS);
        ctx.channel().closeFuture().addListener(x -> liveness.timer.cancel(false));
        sink.connected(reconnected);
        CompletableFuture<Void> current = nextUp.get();
        completions.execute(() -> current.complete(null));
    }

    private void down(Throwable cause) {
        boolean wasUp = connected;
        connected = false;
        if (closed) {
            // Our own close: nothing to report and nothing to reconnect.
            metrics.connected(false);
            return;
        }
        if (wasUp) {
            metrics.connected(false);
            nextUp.set(new CompletableFuture<>());
            log.warn("[{}] ARI event socket down: {}", config.nodeName(), describe(cause));
            sink.disconnected(cause);
        }
        scheduleReconnect();
    }

    /** Pings every interval; closes the socket when nothing (not even a pong) arrived for several intervals. */
    private final class Liveness implements Runnable {
        final ChannelHandlerContext ctx;
        volatile ScheduledFuture<?> timer;

        Liveness(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            FrameHandler handler = ctx.pipeline().get(FrameHandler.class);
            if (handler == null || !ctx.channel().isActive()) {
                return;
            }
            long silentNanos = System.nanoTime() - handler.lastReadNanos;
            if (silentNanos > SILENT_INTERVALS * config.pingInterval().toNanos()) {
                handler.closeCause = new IOException("no frames or pongs for "
                        + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms");
                ctx.channel().close();
                return;
            }
            ctx.writeAndFlush(new PingWebSocketFrame());
        }
    }

    private final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
        volatile long lastReadNanos = System.nanoTime();
        Throwable closeCause;
        private boolean handshook;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshook = true;
                lastReadNanos = System.nanoTime();
                if (closed) {
                    ctx.close();
                } else {
                    up(ctx);
                }
            } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                closeCause = new IOException("WebSocket handshake timed out");
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            lastReadNanos = System.nanoTime();
            if (frame instanceof TextWebSocketFrame text) {
                sink.text(text.text());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (closeCause == null) {
                closeCause = cause;
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            Throwable cause = closeCause != null ? closeCause : new IOException("connection closed by Asterisk");
            if (!handshook) {
                attemptFailed(cause);
            }
            down(cause);
            super.channelInactive(ctx);
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof WebSocketClientHandshakeException h && h.response() != null) {
            int status = h.response().status().code();
            return "handshake refused with HTTP " + status + (status == 401 || status == 403
                    ? " (check ARI user and password)" : "");
        }
        return t == null ? "unknown" : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        closed = true;
        if (!started) {
            return;
        }
        var done = new CompletableFuture<Void>();
        try {
            loop.execute(() -> {
                if (reconnectTimer != null) {
                    reconnectTimer.cancel(false);
                }
                if (channel != null && channel.isOpen()) {
                    channel.close().addListener(x -> done.complete(null));
                } else {
                    done.complete(null);
                }
            });
            done.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("[{}] event socket close did not finish cleanly: {}", config.nodeName(), e.toString());
        }
    }
}
