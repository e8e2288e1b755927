package org.maskline.api;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * {@code Expect:} handling in place of Netty's HttpServerExpectContinueHandler and the aggregator's own,
 * which both write a bare 413/417 straight to the socket: out of turn with pipelined replies and
 * without the documented error body. {@code 100-continue} with an acceptable length gets its 100
 * Continue; a too-long one, or any other expectation, becomes a {@link Refusal} that the request
 * handler answers in turn. The refused request's body is dropped.
 */
final class Expectations extends ChannelInboundHandlerAdapter {
    private final int maxBody;
    private final java.util.function.BooleanSupplier repliesPending;
    private boolean dropping;

    /** @param repliesPending whether earlier requests of this connection still await their replies */
    Expectations(int maxBody, java.util.function.BooleanSupplier repliesPending) {
        this.maxBody = maxBody;
        this.repliesPending = repliesPending;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (dropping) {
            if (msg instanceof HttpContent) {
                dropping = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                return;
            }
            dropping = false;
        }
        if (msg instanceof HttpRequest req && req.decoderResult().isSuccess() && req.headers().contains(HttpHeaderNames.EXPECT)) {
            Refusal refusal = refusal(req);
            if (refusal == null) {
                req.headers().remove(HttpHeaderNames.EXPECT);
                if (!repliesPending.getAsBoolean()) {
                    // Behind pipelined replies a 100 would arrive out of turn; the client sends its body
                    // without it after a short wait, as clients must.
                    ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE))
                            .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
                }
            } else {
                dropping = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                ctx.fireChannelRead(refusal);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    private Refusal refusal(HttpRequest req) {
        String expect = req.headers().get(HttpHeaderNames.EXPECT);
        if (!HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect.trim())) {
            return new Refusal(417, "expectation_failed", "only Expect: 100-continue is supported");
        }
        if (HttpUtil.getContentLength(req, -1L) > maxBody) {
            return new Refusal(413, "too_large", "the body is larger than " + maxBody + " bytes");
        }
        return null;
    }
}
