package org.maskline.it.twilio;

import com.sun.net.httpserver.HttpServer;
import com.twilio.security.RequestValidator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The operator's backend for Twilio callbacks: a real HTTP server on loopback that checks each request with
 * Twilio's own {@link RequestValidator} (keyed with the auth token the SDK was given) and records it. The
 * first request to {@code blockPath} is answered 403, every other one 204.
 */
final class Backend implements AutoCloseable {
    record Hit(String path, Map<String, String> params, boolean signatureValid) {}

    private final HttpServer server;
    private final List<Hit> hits = new CopyOnWriteArrayList<>();

    private Backend(HttpServer server) {
        this.server = server;
    }

    static Backend start(String authToken, String blockPath) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Backend b = new Backend(server);
        RequestValidator validator = new RequestValidator(authToken);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = new HashMap<>();
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            String url = b.url(exchange.getRequestURI().toString());
            String signature = exchange.getRequestHeaders().getFirst("X-Twilio-Signature");
            b.hits.add(new Hit(exchange.getRequestURI().getPath(), params,
                    signature != null && validator.validate(url, params, signature)));
            boolean first = b.hits.stream().filter(h -> h.path().equals(blockPath)).count() == 1;
            exchange.sendResponseHeaders(first && exchange.getRequestURI().getPath().equals(blockPath) ? 403 : 204, -1);
            exchange.close();
        });
        server.start();
        return b;
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
    }

    List<Hit> hits() {
        return List.copyOf(hits);
    }

    List<Hit> hits(String path) {
        return hits.stream().filter(h -> h.path().equals(path)).toList();
    }

    /** The requests to {@code path} once there are at least {@code n}, waiting with a deadline. */
    List<Hit> await(String path, int n, java.time.Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            List<Hit> got = hits(path);
            if (got.size() >= n) return got;
            Thread.sleep(20); // the dispatcher posts from its own thread; poll with a deadline
        }
        throw new AssertionError("fewer than " + n + " requests to " + path + " within " + deadline + ": " + hits);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
