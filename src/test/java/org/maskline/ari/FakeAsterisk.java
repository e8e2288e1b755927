package org.maskline.ari;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback stand-in for Asterisk's HTTP server: answers REST requests with whatever the test programs, records
 * them, and serves an ARI-like event WebSocket whose frames the test pushes. Lets unit tests exercise the real Netty
 * pipelines, timeouts and reconnection without a sandbox.
 */
final class FakeAsterisk implements AutoCloseable {

    record Request(String method, String uri, String body, String authorization) {
        String path() {
            int q = uri.indexOf('?');
            return q < 0 ? uri : uri.substring(0, q);
        }

        String query() {
            int q = uri.indexOf('?');
            return q < 0 ? "" : uri.substring(q + 1);
        }
    }

    /** A canned answer; a null Reply from the responder means "never answer". */
    record Reply(int status, String json) {}

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final Channel server;
    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<Request> handshakes = new LinkedBlockingQueue<>();
    final ChannelGroup sockets = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    final AtomicInteger pingsSeen = new AtomicInteger();
    volatile boolean answerPings = true;
    volatile int handshakeStatus = 0;
    volatile Function<Request, Reply> responder = r -> new Reply(200, "{}");

    FakeAsterisk() throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20), new HttpHandler());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    URI ariUri() {
        return URI.create("http://127.0.0.1:" + port() + "/ari");
    }

    void push(String json) {
        sockets.writeAndFlush(new TextWebSocketFrame(json));
    }

    /** Drops every event socket without a close frame, as a crashed Asterisk would. */
    void dropSockets() {
        sockets.close();
    }

    private final class HttpHandler extends SimpleChannelInboundHandler<Object> {
        private WebSocketServerHandshaker handshaker;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest req) {
                var r = new Request(req.method().name(), req.uri(), req.content().toString(StandardCharsets.UTF_8),
                        req.headers().get(HttpHeaderNames.AUTHORIZATION));
                if (req.uri().startsWith("/ari/events")) {
                    handshakes.add(r);
                    if (handshakeStatus != 0) {
                        respond(ctx, req, new Reply(handshakeStatus, "{\"message\":\"refused\"}"));
                        return;
                    }
                    handshaker = new WebSocketServerHandshakerFactory("ws://127.0.0.1/ari/events", "ari", false)
                            .newHandshaker(req);
                    // Join the group before the 101 goes out: a client that saw the handshake may be pushed to at once.
                    sockets.add(ctx.channel());
                    handshaker.handshake(ctx.channel(), req);
                    return;
                }
                requests.add(r);
                Reply reply = responder.apply(r);
                if (reply != null) {
                    respond(ctx, req, reply);
                }
            } else if (msg instanceof WebSocketFrame frame) {
                if (frame instanceof PingWebSocketFrame ping) {
                    pingsSeen.incrementAndGet();
                    if (answerPings) {
                        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
                    }
                } else if (frame instanceof CloseWebSocketFrame close) {
                    handshaker.close(ctx.channel(), close.retain());
                }
            }
        }

        private void respond(ChannelHandlerContext ctx, FullHttpRequest req, Reply reply) {
            byte[] body = reply.json() == null ? new byte[0] : reply.json().getBytes(StandardCharsets.UTF_8);
            var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()),
                    Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void close() {
        sockets.close().awaitUninterruptibly();
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
