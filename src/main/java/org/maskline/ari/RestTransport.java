package org.maskline.ari;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP/1.1 keep-alive transport for ARI REST calls over Netty's {@link FixedChannelPool}.
 *
 * <p>Why that pool: it bounds the connections to one Asterisk (its HTTP server spends a thread per connection and
 * allows 100 sessions by default, the event WebSocket included), queues callers beyond the bound with a deadline,
 * health-checks a connection on acquire and on release, and hands out the most recently used one first, so a burst's
 * extra connections go idle and are closed by us before Asterisk's 15 s keep-alive limit would close them under a
 * request in flight.
 *
 * <p>Futures complete on {@code completions}, never on the event loop, so a caller's dependent stages may block.
 */
final class RestTransport implements AutoCloseable {
    private final java.util.function.BooleanSupplier mayAct;
    private static final Logger log = LoggerFactory.getLogger(RestTransport.class);

    static final int MAX_CONNECTIONS = 32;
    private static final int MAX_PENDING_ACQUIRES = 100_000;
    // Asterisk drops a keep-alive connection after 15 s without a request (http.c session_keep_alive).
    private static final int IDLE_CLOSE_SECONDS = 10;
    private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private static final AttributeKey<Exchange> EXCHANGE = AttributeKey.valueOf("ari.exchange");
    private static final AttributeKey<Boolean> USED = AttributeKey.valueOf("ari.used");

    /** Reads a successful response body into the operation's result. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(byte[] body) throws IOException;
    }

    private final AriConfig config;
    private final AriMetrics metrics;
    private final Executor completions;
    private final FixedChannelPool pool;
    private final String authorization;
    private final String hostHeader;
    private volatile boolean closed;

    RestTransport(AriConfig config, EventLoopGroup group, Executor completions, AriMetrics metrics) {
        this(config, group, completions, metrics, () -> true);
    }

    RestTransport(AriConfig config, EventLoopGroup group, Executor completions, AriMetrics metrics,
                  java.util.function.BooleanSupplier mayAct) {
        this.mayAct = mayAct;
        this.config = config;
        this.metrics = metrics;
        this.completions = completions;
        this.authorization = BasicAuth.header(config.user(), config.password());
        this.hostHeader = config.baseUri().getHost() + ":" + config.port();
        var bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, config.requestTimeout().toMillis()))
                .remoteAddress(new InetSocketAddress(config.baseUri().getHost(), config.port()));
        this.pool = new FixedChannelPool(bootstrap, new PipelineSetup(), ChannelHealthChecker.ACTIVE,
                FixedChannelPool.AcquireTimeoutAction.FAIL, config.requestTimeout().toMillis(), MAX_CONNECTIONS,
                MAX_PENDING_ACQUIRES, true, true);
    }

    <T> CompletableFuture<T> send(RestCall call, BodyReader<T> reader) {
        var result = new CompletableFuture<T>();
        if (closed) {
            result.completeExceptionally(new AriException.Unavailable(call.operation(), -1, "client closed", null));
            return result;
        }
        if (!mayAct.getAsBoolean()) {
            result.completeExceptionally(new AriException.Unavailable(call.operation(), -1,
                    "not the active instance (ARI lease not held)", null));
            return result;
        }
        attempt(call, reader, result, System.nanoTime(), true);
        return result;
    }

    private <T> void attempt(RestCall call, BodyReader<T> reader, CompletableFuture<T> result, long start,
                             boolean mayRetry) {
        pool.acquire().addListener(acquired -> {
            if (!acquired.isSuccess()) {
                Throwable cause = acquired.cause();
                AriException e = cause instanceof TimeoutException
                        ? new AriException.Timeout(call.operation(), "no free connection to Asterisk within "
                        + config.requestTimeout().toMillis() + " ms")
                        : new AriException.Unavailable(call.operation(), -1, describe(cause), cause);
                finish(call, result, start, null, e);
                return;
            }
            var ch = (Channel) acquired.getNow();
            boolean reused = Boolean.TRUE.equals(ch.attr(USED).getAndSet(true));
            long remaining = config.requestTimeout().toNanos() - (System.nanoTime() - start);
            var exchange = new Exchange(call.operation(), ch, (status, body, failure) -> {
                if (failure != null) {
                    if (failure instanceof AriException.Unavailable && reused && mayRetry && call.idempotent() && !closed) {
                        // A kept-alive connection that died while idle; a GET may safely go again on a fresh one.
                        log.debug("{}: retrying on a new connection after {}", call.operation(), failure.getMessage());
                        attempt(call, reader, result, start, false);
                        return;
                    }
                    finish(call, result, start, null, failure);
                } else {
                    completions.execute(() -> complete(call, reader, result, start, status, body));
                }
            });
            ch.attr(EXCHANGE).set(exchange);
            exchange.timeout = ch.eventLoop().schedule(() -> exchange.fail(new AriException.Timeout(call.operation(),
                    "no response within " + config.requestTimeout().toMillis() + " ms")), Math.max(1, remaining),
                    TimeUnit.NANOSECONDS);
            ch.writeAndFlush(request(call)).addListener(written -> {
                if (!written.isSuccess()) {
                    exchange.fail(new AriException.Unavailable(call.operation(), -1, describe(written.cause()),
                            written.cause()));
                }
            });
        });
    }

    private <T> void complete(RestCall call, BodyReader<T> reader, CompletableFuture<T> result, long start, int status,
                              byte[] body) {
        if (status >= 200 && status < 300) {
            try {
                T value = reader.read(body);
                metrics.restCall(call.operation(), Integer.toString(status), System.nanoTime() - start);
                result.complete(value);
            } catch (IOException | RuntimeException e) {
                metrics.restCall(call.operation(), "undecodable", System.nanoTime() - start);
                result.completeExceptionally(new AriException.Unavailable(call.operation(), status,
                        "response not understood: " + e.getMessage(), e));
            }
            return;
        }
        metrics.restCall(call.operation(), Integer.toString(status), System.nanoTime() - start);
        result.completeExceptionally(AriException.forStatus(call.operation(), status, asteriskMessage(body)));
    }

    private <T> void finish(RestCall call, CompletableFuture<T> result, long start, T value, AriException failure) {
        String outcome = failure instanceof AriException.Timeout ? "timeout" : "unavailable";
        metrics.restCall(call.operation(), outcome, System.nanoTime() - start);
        completions.execute(() -> result.completeExceptionally(failure));
    }

    /** Asterisk's error bodies are {@code {"message": "..."}} or {@code {"error": "..."}}; else (shortened) text. */
    static String asteriskMessage(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode node = AriJson.MAPPER.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
            // Some failures (e.g. "Allocation failed" from channel creation) come as {"error": "..."}.
            if (node != null && node.hasNonNull("error")) {
                return node.get("error").asText();
            }
        } catch (IOException notJson) {
            // fall through to plain text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private DefaultFullHttpRequest request(RestCall call) {
        byte[] body = new byte[0];
        if (call.body() != null) {
            try {
                body = AriJson.MAPPER.writeValueAsBytes(call.body());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot encode request body for " + call.operation(), e);
            }
        }
        var req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, call.method(), call.target(config.basePath()),
                Unpooled.wrappedBuffer(body));
        req.headers()
                .set(HttpHeaderNames.HOST, hostHeader)
                .set(HttpHeaderNames.AUTHORIZATION, authorization)
                .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (body.length > 0) {
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        return req;
    }

    private static String describe(Throwable t) {
        return t == null ? "unknown" : t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
    }

    @FunctionalInterface
    private interface ExchangeCallback {
        void done(int status, byte[] body, AriException failure);
    }

    /** The one request in flight on a pooled connection. Whoever finishes it first returns the connection. */
    private final class Exchange {
        final String operation;
        final Channel channel;
        final ExchangeCallback callback;
        final AtomicBoolean done = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;

        Exchange(String operation, Channel channel, ExchangeCallback callback) {
            this.operation = operation;
            this.channel = channel;
            this.callback = callback;
        }

        void succeed(int status, byte[] body, boolean keepAlive) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            cancelTimeout();
            channel.attr(EXCHANGE).set(null);
            if (!keepAlive) {
                channel.close();
            }
            pool.release(channel);
            callback.done(status, body, null);
        }

        void fail(AriException failure) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            cancelTimeout();
            channel.attr(EXCHANGE).set(null);
            // The response may still arrive; this connection can never be trusted to carry the next request.
            channel.close();
            pool.release(channel);
            callback.done(-1, null, failure);
        }

        private void cancelTimeout() {
            var t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    private final class PipelineSetup extends AbstractChannelPoolHandler {
        @Override
        public void channelCreated(Channel ch) {
            ch.pipeline()
                    .addLast(new IdleStateHandler(0, 0, IDLE_CLOSE_SECONDS))
                    .addLast(new HttpClientCodec())
                    .addLast(new HttpObjectAggregator(MAX_RESPONSE_BYTES))
                    .addLast(new ResponseHandler());
        }
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Exchange exchange = ctx.channel().attr(EXCHANGE).get();
            if (exchange == null) {
                // A late answer to a request that already timed out; the connection is being closed anyway.
                log.debug("Dropped a response ({}) that arrived after its request gave up", response.status());
                return;
            }
            exchange.succeed(response.status().code(), ByteBufUtil.getBytes(response.content()),
                    HttpUtil.isKeepAlive(response));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            failExchange(ctx, "connection closed before a response");
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failExchange(ctx, describe(cause));
            ctx.close();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent && ctx.channel().attr(EXCHANGE).get() == null) {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        private void failExchange(ChannelHandlerContext ctx, String why) {
            Exchange exchange = ctx.channel().attr(EXCHANGE).get();
            if (exchange != null) {
                exchange.fail(new AriException.Unavailable(exchange.operation, -1, why, null));
            }
        }
    }
}
