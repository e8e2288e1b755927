package org.maskline.api;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's aggregator, whose own 413 (written straight to the socket, without a body, out of turn
 * with pipelined replies) is replaced by a {@link Refusal} answered in turn by the request handler.
 * Expectations never reach it: {@link Expectations} has handled and removed them.
 */
final class BodyAggregator extends HttpObjectAggregator {
    BodyAggregator(int maxBody) {
        super(maxBody, true);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.fireChannelRead(new Refusal(413, "too_large", "the body is larger than " + maxContentLength() + " bytes"));
    }
}
