package org.maskline.api;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The header-and-body deadline of one connection: from the first byte of a request to the whole
 * request, at most {@code timeout}; otherwise the connection is closed (a client trickling a header a
 * byte at a time holds nothing for long). Netty has idle and read timeouts but none per request, so
 * this is two small handlers around the codec: {@link #start} before it sees bytes arrive,
 * {@link #done} after the aggregator sees whole requests leave.
 * While the server itself has stopped reading (requests in flight at the cap) the clock does not run.
 */
final class RequestTimer {
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;

    RequestTimer(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    final ChannelInboundHandlerAdapter start = new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (timer == null && msg instanceof ByteBuf b && b.isReadable()) {
                arm(ctx);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }
    };

    final ChannelInboundHandlerAdapter done = new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest || msg instanceof Refusal) {
                cancel();
            }
            ctx.fireChannelRead(msg);
        }
    };

    private void arm(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> expired(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void expired(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().config().isAutoRead()) {
            arm(ctx); // we are not reading: the client is not late, we are
            return;
        }
        ctx.close();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
