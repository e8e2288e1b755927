package org.maskline.api;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests, in the order they came. Each request takes a slot in a queue; workers
 * fill slots in any order (database calls never run on the event loop), and replies leave strictly
 * from the head of the queue, so pipelined requests are answered in order. Netty's
 * HttpServerKeepAliveHandler, earlier in the pipeline, counts those replies and closes the connection
 * after the one that answers a {@code Connection: close} request.
 *
 * <p>Reading stops while {@link Limits#maxInFlight} slots are taken or the socket is not writable (a
 * client that does not read its replies), and starts again as replies go out. The FlowControlHandler
 * before this one holds requests already decoded from the last read, so nothing is read that we do
 * not want. All fields are touched on the connection's event loop only.
 */
final class HttpHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpHandler.class);

    private final Router router;
    private final Executor workers;
    private final Limits limits;
    private final InFlight inFlight;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    /** A request asked to close (or was refused): nothing after it is read or answered. */
    private boolean closing;
    private boolean inactive;

    /** Where one request's reply waits for its turn. */
    private static final class Slot {
        FullHttpResponse response;
        boolean http10KeepAlive;
    }

    /** Requests taken and not yet answered, over all connections (a gauge, and the tests' probe). */
    interface InFlight {
        void add(int delta);
    }

    HttpHandler(Router router, Executor workers, Limits limits, InFlight inFlight) {
        this.router = router;
        this.workers = workers;
        this.limits = limits;
        this.inFlight = inFlight;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
                return;
            }
            if (msg instanceof Refusal r) {
                closing = true;
                answer(ctx, take(), Router.error(r.status(), r.code(), r.message()), true);
            } else if (msg instanceof FullHttpRequest req) {
                accept(ctx, req);
            }
        } finally {
            ReferenceCountUtil.release(msg);
            updateReading(ctx);
        }
    }

    private void accept(ChannelHandlerContext ctx, FullHttpRequest req) {
        Slot slot = take();
        if (!req.decoderResult().isSuccess()) {
            closing = true;
            answer(ctx, slot, malformed(req.decoderResult().cause()), true);
            return;
        }
        if (!HttpUtil.isKeepAlive(req)) {
            closing = true;
        } else if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            slot.http10KeepAlive = true; // an HTTP/1.0 client keeps the connection only when told so
        }
        ApiRequest request;
        try {
            String uri = req.uri();
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            request = new ApiRequest(req.method().name(), path.isEmpty() ? "/" : path,
                    Router.query(q < 0 ? null : uri.substring(q + 1)), Map.of(),
                    req.headers().get(HttpHeaderNames.AUTHORIZATION), req.headers().get(HttpHeaderNames.CONTENT_TYPE),
                    ByteBufUtil.getBytes(req.content()), req.headers().get(HttpHeaderNames.RANGE));
        } catch (ApiException e) {
            answer(ctx, slot, Router.error(e.status(), e.code(), e.getMessage()), false);
            return;
        }
        if (router.runsInline(request)) {
            answer(ctx, slot, router.handle(request), false);
            return;
        }
        try {
            workers.execute(() -> {
                ApiResponse response;
                try {
                    response = router.handle(request);
                } catch (Throwable t) {
                    // Never leave a client without a reply, whatever broke.
                    log.error("{} {} failed", request.method(), request.path(), t);
                    response = Router.error(500, "internal", "internal error");
                }
                ApiResponse done = response;
                ctx.executor().execute(() -> answer(ctx, slot, done, false));
            });
        } catch (RejectedExecutionException e) {
            ApiMetrics.REQUESTS.labelValues("503").inc();
            answer(ctx, slot, Router.error(503, "overloaded", "too many requests in progress; retry shortly")
                    .withHeader("Retry-After", "1"), false);
        }
    }

    /** Whether replies of this connection are still to be written (read on the event loop only). */
    boolean repliesPending() {
        return !slots.isEmpty();
    }

    private Slot take() {
        Slot s = new Slot();
        slots.add(s);
        inFlight.add(1);
        return s;
    }

    private static ApiResponse malformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return Router.error(414, "uri_too_long", "the request line is longer than " + Limits.MAX_INITIAL_LINE + " bytes");
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return Router.error(431, "headers_too_large", "the request headers are larger than " + Limits.MAX_HEADERS + " bytes");
        }
        return Router.error(400, "invalid_request", "malformed HTTP request");
    }

    /** Fills the slot and writes every reply whose turn has come. */
    private void answer(ChannelHandlerContext ctx, Slot slot, ApiResponse r, boolean close) {
        if (inactive) {
            return;
        }
        slot.response = toNetty(r, close);
        if (slot.http10KeepAlive && !close) {
            slot.response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        boolean wrote = false;
        while (!slots.isEmpty() && slots.peek().response != null) {
            ctx.write(slots.poll().response);
            inFlight.add(-1);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        updateReading(ctx);
    }

    private static FullHttpResponse toNetty(ApiResponse r, boolean close) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(r.body()));
        if (r.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        }
        if (r.status() == 401) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        r.headers().forEach((k, v) -> response.headers().set(k, v));
        HttpUtil.setContentLength(response, r.body().length);
        if (close) {
            // HttpServerKeepAliveHandler closes the connection once this reply is written.
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    /** Reads only while this connection has room for another request and its client takes our replies. */
    private void updateReading(ChannelHandlerContext ctx) {
        boolean want = !closing && !inactive && slots.size() < limits.maxInFlight() && ctx.channel().isWritable();
        if (ctx.channel().config().isAutoRead() != want) {
            ctx.channel().config().setAutoRead(want);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close(); // nothing either way for the idle timeout
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive = true;
        for (Slot s : slots) {
            if (s.response != null) {
                s.response.release();
            }
        }
        inFlight.add(-slots.size());
        slots.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection error: {}", cause.toString());
        ctx.close();
    }
}
