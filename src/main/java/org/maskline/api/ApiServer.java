package org.maskline.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.maskline.config.Config;
import org.maskline.config.HostPort;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management REST API, /health and /metrics, on Netty.
 *
 * <pre>{@code
 * try (ApiServer api = new ApiServer(config, store).start()) { ... }
 * }</pre>
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** Sessions are small; a megabyte is far beyond any legitimate body. */
    private static final int MAX_BODY = 1 << 20;

    private final HostPort address;
    private final Router router;
    private final Store store;
    private final byte[] openApi;
    private EventLoopGroup boss;
    private EventLoopGroup io;
    private ExecutorService workers;
    private Channel channel;

    /** Serves the store with the configuration's address, keys, default country and default TTL, on the system clock. */
    public ApiServer(Config config, Store store) {
        this(config.httpAddr(), config.apiKeys(),
                new SessionPolicy(config.defaultCountry(), config.defaultTtl(), Clock.systemUTC()), store);
    }

    /**
     * @param policy validates session requests and normalizes numbers; give it the store's clock
     */
    public ApiServer(HostPort address, List<String> apiKeys, SessionPolicy policy, Store store) {
        this.address = address;
        this.store = store;
        this.openApi = resource("/openapi.json");
        SessionsApi sessions = new SessionsApi(store.sessions(), policy);
        NumbersApi numbers = new NumbersApi(store.numbers(), policy);
        CallsApi calls = new CallsApi(store.calls(), sessions);
        this.router = new Router(List.of(
                new Endpoint("GET", "/health", false, this::health),
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
                new Endpoint("GET", "/v1/calls", true, calls::search)), new ApiKeys(apiKeys));
    }

    /** Binds the address and starts serving. @return this */
    public synchronized ApiServer start() {
        if (channel != null) {
            throw new IllegalStateException("already started");
        }
        boss = new NioEventLoopGroup(1);
        io = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
        // Platform threads, not virtual ones: JDBC drivers and the pool still block inside synchronized
        // code, which pins virtual threads on Java 21.
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "maskline-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerExpectContinueHandler(),
                                new HttpObjectAggregator(MAX_BODY), new HttpHandler(router, workers));
                    }
                });
        try {
            channel = b.bind(address.host(), address.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        log.info("REST API listening on {}", channel.localAddress());
        return this;
    }

    /** The bound port (useful when configured with port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Every route served, as "METHOD /template" (checked against openapi.json by the tests). */
    public List<String> routes() {
        return router.endpoints().stream().map(e -> e.method() + " " + e.template()).toList();
    }

    private ApiResponse health(ApiRequest r) {
        boolean up = store.isReachable();
        return ApiResponse.json(up ? 200 : 503, new Views.Health(up ? "ok" : "degraded", up ? "up" : "down"));
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
