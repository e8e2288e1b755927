package org.maskline.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import org.maskline.webhooks.Signature;

/**
 * The operator's backend in tests: a real HTTP server (the JDK's) on loopback that checks the
 * {@code Maskline-Signature} of every request it gets and records it. Events are answered with
 * {@link #eventStatus}; intercept and routing paths are answered by handlers the test sets.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    public record Received(String path, Map<String, List<String>> headers, String body, JsonNode json, boolean signatureOk) {
        public String type() {
            return json.path("type").asText();
        }

        public String id() {
            return json.path("id").asText();
        }

        public JsonNode data() {
            return json.path("data");
        }
    }

    /** An answer to give: status, JSON body, and how long to take before answering (a slow backend). */
    public record Reply(int status, String body, Duration delay) {
        public static Reply json(int status, String body) {
            return new Reply(status, body, Duration.ZERO);
        }

        public static Reply status(int status) {
            return new Reply(status, "", Duration.ZERO);
        }
    }

    private final String secret;
    private final int port;
    private HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Function<JsonNode, Reply>> handlers = new ConcurrentHashMap<>();
    /** What event deliveries (path /events) are answered with. */
    public volatile int eventStatus = 200;
    /** Events for which this is true are answered 500 whatever {@link #eventStatus} says. */
    public volatile Predicate<JsonNode> refuse = e -> false;

    /** @param port 0 for any free port */
    public WebhookReceiver(String secret, int port) {
        this(secret, port, java.time.Clock.systemUTC());
    }

    /** @param clock the time signatures are checked against (a test's clock when Maskline runs on it) */
    public WebhookReceiver(String secret, int port, java.time.Clock clock) {
        this.secret = secret;
        this.port = port;
        this.clock = clock;
    }

    private final java.time.Clock clock;

    public synchronized WebhookReceiver start() throws IOException {
        if (server != null) return this;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        boundPort = server.getAddress().getPort();
        return this;
    }

    /** Stops listening: requests are refused until {@link #start()} (on the same port). */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** The port it listens on (and will listen on again after a {@link #stop()}). */
    public int port() {
        return boundPort;
    }

    private volatile int boundPort;

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** Answers requests on {@code path} with {@code handler} (given the request's JSON). */
    public void on(String path, Function<JsonNode, Reply> handler) {
        handlers.put(path, handler);
    }

    private void handle(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        String path = x.getRequestURI().getPath();
        boolean ok = Signature.verify(secret, x.getRequestHeaders().getFirst(Signature.HEADER), body, clock.instant(),
                Duration.ofMinutes(5));
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = JSON.nullNode();
        }
        Received r = new Received(path, Map.copyOf(x.getRequestHeaders()), new String(body, StandardCharsets.UTF_8), json, ok);
        Reply reply;
        Function<JsonNode, Reply> h = handlers.get(path);
        if (h != null) {
            received.add(r);
            reply = h.apply(json);
        } else {
            reply = Reply.status(refuse.test(json) ? 500 : eventStatus);
            // Only what was answered 2xx counts as delivered; the rest is a failed attempt.
            if (reply.status() / 100 == 2) received.add(r);
            else attempts.add(r);
        }
        if (!reply.delay().isZero()) {
            try {
                Thread.sleep(reply.delay().toMillis()); // the backend being slow is what is under test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream o = x.getResponseBody()) {
                o.write(out);
            }
        }
        x.close();
    }

    private final List<Received> attempts = new CopyOnWriteArrayList<>();

    /** Every request answered 2xx (events) or by a handler, in arrival order. */
    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Event deliveries answered with an error. */
    public List<Received> failedAttempts() {
        return new ArrayList<>(attempts);
    }

    /** Delivered events (path {@code /events}), in arrival order. */
    public List<Received> events() {
        return received.stream().filter(r -> r.path().equals("/events")).toList();
    }

    /** Every request whose signature did not verify, as "path type header" (tests assert there is none). */
    public List<String> badSignatures() {
        List<Received> all = new ArrayList<>(received);
        all.addAll(attempts);
        return all.stream().filter(r -> !r.signatureOk())
                .map(r -> r.path() + " " + r.type() + " " + r.headers().get("Maskline-signature")).toList();
    }

    /** Waits until the delivered events satisfy {@code done}. */
    public List<Received> awaitEvents(Predicate<List<Received>> done, Duration deadline, String what) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<Received> now = events();
            if (done.test(now)) return now;
            if (System.nanoTime() > end) {
                throw new AssertionError("not " + what + " within " + deadline + "; received: "
                        + now.stream().map(r -> r.type() + " " + r.data().path("id").asText()).toList());
            }
            Thread.sleep(10); // another process delivers: polled with a deadline
        }
    }

    /** Events of one session, in arrival order. */
    public List<Received> eventsOf(String sessionId) {
        return events().stream().filter(r -> sessionId.equals(r.data().path("id").asText())
                || sessionId.equals(r.data().path("sessionId").asText())).toList();
    }

    @Override
    public void close() {
        stop();
    }
}
