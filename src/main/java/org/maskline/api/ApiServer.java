package org.maskline.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.maskline.config.Config;
import org.maskline.config.RecordingConfig;
import org.maskline.recordings.RecordingFiles;
import org.maskline.config.HostPort;
import org.maskline.messages.Messenger;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management REST API, /health, /ready and /metrics, on Netty.
 *
 * <p>HTTP/1.1 is Netty's own: HttpServerCodec (with line and header limits), HttpServerKeepAliveHandler
 * (closes after the reply to a {@code Connection: close} request, counting pipelined replies),
 * HttpObjectAggregator (body cap), FlowControlHandler (holds decoded requests while reading is
 * paused) and IdleStateHandler. Ours are the parts Netty does not have: replies in request order
 * ({@link HttpHandler}), a per-request deadline ({@link RequestTimer}), and error replies in the
 * documented shape where Netty would write bare ones ({@link Expectations}, {@link BodyAggregator}).
 *
 * <pre>{@code
 * try (ApiServer api = new ApiServer(config, store).start()) { ... }
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final HostPort address;
    private final Router router;
    private final Store store;
    private final Readiness readiness;
    private final Limits limits;
    private final byte[] openApi;
    private final AtomicInteger inFlight = new AtomicInteger();
    private EventLoopGroup boss;
    private EventLoopGroup io;
    private ThreadPoolExecutor workers;
    private Channel channel;

    /** Serves the store with the configuration's address, keys, default country and default TTL; ready while the database answers. */
    public ApiServer(Config config, Store store) {
        this(config, store, Readiness.of(store::isReachable, () -> true));
    }

    /** As {@link #ApiServer(Config, Store)}, with {@code /ready} answered by {@code readiness}. */
    public ApiServer(Config config, Store store, Readiness readiness) {
        this(config, store, readiness, Optional::empty);
    }

    /** As {@link #ApiServer(Config, Store, Readiness)}, sending text messages through {@code messenger} (empty on a standby). */
    public ApiServer(Config config, Store store, Readiness readiness, Supplier<Optional<Messenger>> messenger) {
        this(config.httpAddr(), config.apiKeys(),
                new SessionPolicy(config.defaultCountry(), config.defaultTtl(), Clock.systemUTC(),
                        config.afterTrip().recontactSeconds()), store, readiness, Limits.DEFAULT,
                config.recording(), messenger);
    }

    /**
     * @param policy validates session requests and normalizes numbers; give it the store's clock
     */
    public ApiServer(HostPort address, List<String> apiKeys, SessionPolicy policy, Store store) {
        this(address, apiKeys, policy, store, Readiness.of(store::isReachable, () -> true), Limits.DEFAULT);
    }

    ApiServer(HostPort address, List<String> apiKeys, SessionPolicy policy, Store store, Readiness readiness, Limits limits) {
        this(address, apiKeys, policy, store, readiness, limits, RecordingConfig.defaults(), Optional::empty);
    }

    /** @param recording the session default and the storage folder of recordings (issue 15) */
    public ApiServer(HostPort address, List<String> apiKeys, SessionPolicy policy, Store store, RecordingConfig recording) {
        this(address, apiKeys, policy, store, Readiness.of(store::isReachable, () -> true), Limits.DEFAULT, recording,
                Optional::empty);
    }

    ApiServer(HostPort address, List<String> apiKeys, SessionPolicy policy, Store store, Readiness readiness, Limits limits,
              RecordingConfig recording, Supplier<Optional<Messenger>> messenger) {
        this.address = address;
        this.store = store;
        this.readiness = readiness;
        this.limits = limits;
        this.openApi = resource("/openapi.json");
        SessionsApi sessions = new SessionsApi(store.sessions(), policy, recording.recordDefault());
        NumbersApi numbers = new NumbersApi(store.numbers(), policy);
        CallsApi calls = new CallsApi(store.calls(), sessions, store.recordings());
        RecordingsApi recordings = new RecordingsApi(store.calls(), store.recordings(), store.transcripts(),
                new RecordingFiles(recording.dir()));
        MessagesApi messages = new MessagesApi(store.messages(), sessions, messenger);
        ParticipantsApi participants = new ParticipantsApi(store.availability(), policy);
        CallbacksApi callbacks = new CallbacksApi(store.callbacks());
        WebhooksApi webhooks = new WebhooksApi(new org.maskline.webhooks.FailedEvents(store, Clock.systemUTC()));
        this.router = new Router(List.of(
                new Endpoint("GET", "/health", false, this::health),
                new Endpoint("GET", "/ready", false, this::ready),
                new Endpoint("GET", "/metrics", false, this::metrics),
                new Endpoint("GET", "/v1/openapi.json", true, r -> new ApiResponse(200, ApiResponse.JSON, openApi)),
                new Endpoint("POST", "/v1/numbers", true, numbers::add),
                new Endpoint("GET", "/v1/numbers", true, numbers::list),
                new Endpoint("DELETE", "/v1/numbers/{number}", true, numbers::retire),
                new Endpoint("POST", "/v1/sessions", true, sessions::create),
                new Endpoint("GET", "/v1/sessions", true, sessions::list),
                new Endpoint("GET", "/v1/sessions/{id}", true, sessions::get),
                new Endpoint("PATCH", "/v1/sessions/{id}", true, sessions::update),
                new Endpoint("DELETE", "/v1/sessions/{id}", true, sessions::close),
                new Endpoint("GET", "/v1/sessions/{id}/calls", true, calls::forSession),
                new Endpoint("GET", "/v1/calls", true, calls::search),
                // Text messages (issue 13)
                new Endpoint("POST", "/v1/sessions/{id}/messages", true, messages::send),
                new Endpoint("GET", "/v1/sessions/{id}/messages", true, messages::forSession),
                new Endpoint("GET", "/v1/messages", true, messages::search),
                // issue 15: recordings and transcripts
                new Endpoint("GET", "/v1/calls/{id}/recording", true, recordings::get),
                new Endpoint("DELETE", "/v1/calls/{id}/recording", true, recordings::delete),
                new Endpoint("GET", "/v1/calls/{id}/transcript", true, recordings::transcript),
                new Endpoint("DELETE", "/v1/calls/{id}/transcript", true, recordings::deleteTranscript),
                // issue 14: availability and callbacks
                new Endpoint("PUT", "/v1/participants/{number}/availability", true, participants::setAvailability),
                new Endpoint("GET", "/v1/participants/{number}/availability", true, participants::getAvailability),
                new Endpoint("GET", "/v1/callbacks", true, callbacks::list),
                new Endpoint("GET", "/v1/callbacks/{id}", true, callbacks::get),
                new Endpoint("DELETE", "/v1/callbacks/{id}", true, callbacks::cancel),
                // ---- issue 16: webhooks ----
                new Endpoint("GET", "/v1/webhooks/failed", true, webhooks::list),
                new Endpoint("POST", "/v1/webhooks/failed/{id}/retry", true, webhooks::retry)), new ApiKeys(apiKeys));
    }

    /** Serves {@code mount} under its prefix (call before {@link #start()}). @return this */
    public ApiServer mount(Mount mount) {
        router.mount(mount);
        return this;
    }

    /**
     * Binds the address and starts serving. @return this
     *
     * @throws IllegalStateException one line naming MASKLINE_HTTP_ADDR when the address cannot be resolved or bound;
     *                               nothing is left running
     */
    public synchronized ApiServer start() {
        if (channel != null) {
            throw new IllegalStateException("already started");
        }
        InetSocketAddress bindTo = new InetSocketAddress(address.host(), address.port());
        if (bindTo.isUnresolved()) {
            throw new IllegalStateException("MASKLINE_HTTP_ADDR " + address + ": cannot resolve host '" + address.host() + "'");
        }
        boss = new NioEventLoopGroup(1);
        io = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
        // Platform threads, not virtual ones: JDBC drivers and the pool still block inside synchronized
        // code, which pins virtual threads on Java 21. The queue is bounded: beyond it, 503 overloaded.
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(limits.workers(), limits.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(limits.queue()), r -> {
                    Thread t = new Thread(r, "maskline-api-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                // Small reads: what one read brings in is all that can pile up before reading pauses.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 1024, 16 * 1024))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        RequestTimer timer = new RequestTimer(limits.requestTimeout());
                        HttpHandler handler = new HttpHandler(router, workers, limits, ApiServer.this::countInFlight);
                        ch.pipeline().addLast(
                                new IdleStateHandler(true, 0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                                timer.start,
                                new HttpServerCodec(Limits.MAX_INITIAL_LINE, Limits.MAX_HEADERS, 8192),
                                new HttpServerKeepAliveHandler(),
                                new Expectations(limits.maxBody(), handler::repliesPending),
                                new BodyAggregator(limits.maxBody()),
                                timer.done,
                                new FlowControlHandler(),
                                handler);
                    }
                });
        try {
            channel = b.bind(bindTo).syncUninterruptibly().channel();
        } catch (Throwable e) { // Netty rethrows the checked BindException as is
            close();
            throw new IllegalStateException("MASKLINE_HTTP_ADDR " + address + ": cannot listen ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
        log.info("REST API listening on {}", channel.localAddress());
        return this;
    }

    private void countInFlight(int delta) {
        inFlight.addAndGet(delta);
        ApiMetrics.IN_FLIGHT.inc(delta);
    }

    /** The bound port (useful when configured with port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Requests read and not yet answered, over all connections. */
    int inFlight() {
        return inFlight.get();
    }

    /** Requests waiting for a worker. */
    int queued() {
        ThreadPoolExecutor w = workers;
        return w == null ? 0 : w.getQueue().size();
    }

    /** Every route served, as "METHOD /template" (checked against openapi.json by the tests). */
    public List<String> routes() {
        return router.endpoints().stream().map(e -> e.method() + " " + e.template()).toList();
    }

    /** Liveness: answered on the event loop, touches nothing that can block. */
    private ApiResponse health(ApiRequest r) {
        return ApiResponse.json(200, new Views.Health("ok"));
    }

    private ApiResponse ready(ApiRequest r) {
        List<String> down = readiness.down();
        if (down.isEmpty()) {
            return ApiResponse.json(200, new Views.Ready("ready", readiness.role(), down, null));
        }
        return ApiResponse.json(503, new Views.Ready("unready", readiness.role(), down,
                new Views.ErrorDetail("not_ready", "down: " + String.join(", ", down)))).withHeader("Retry-After", "5");
    }

    private ApiResponse metrics(ApiRequest r) {
        try {
            var stats = store.numbers().stats();
            ApiMetrics.POOL_NUMBERS.set(stats.numbers());
            ApiMetrics.POOL_ACTIVE.set(stats.active());
            ApiMetrics.POOL_IN_USE.set(stats.inUse());
        } catch (RuntimeException e) {
            // Still serve the other metrics; the pool gauges keep their last values.
            log.debug("pool stats unavailable: {}", e.getMessage());
        }
        ApiMetrics.QUEUED.set(queued());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new PrometheusTextFormatWriter(false).write(out, PrometheusRegistry.defaultRegistry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ApiResponse(200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray());
    }

    private static byte[] resource(String name) {
        try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            channel = null;
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            boss = null;
        }
        if (workers != null) {
            workers.shutdown();
            workers = null;
        }
    }
}
