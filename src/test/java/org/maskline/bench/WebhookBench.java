package org.maskline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;
import org.maskline.webhooks.Dispatcher;
import org.maskline.webhooks.MasklineTarget;

/**
 * The webhooks' part of scripts/bench (issue 16): a backend that answers at once (the JDK's HTTP
 * server, in the bench's JVM), so the hop measures Maskline's side of an intercept or a routing
 * request; and the outbox's delivery rate, from a full outbox to an empty one.
 */
final class WebhookBench {
    static final String SECRET = "whsec-bench-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookBench() {}

    /** The backend: /intercept answers 204, /route answers connect to the caller's callee, /events 200. */
    static final class Backend implements AutoCloseable {
        private final HttpServer server;
        final AtomicLong requests = new AtomicLong();

        private Backend(HttpServer server) {
            this.server = server;
        }

        /** @param calleeOf the callee of a caller, for the routing answers */
        static Backend start(UnaryOperator<String> calleeOf, String callerId) throws IOException {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            Backend b = new Backend(s);
            s.createContext("/", x -> {
                byte[] body = x.getRequestBody().readAllBytes();
                b.requests.incrementAndGet();
                if (x.getRequestURI().getPath().equals("/route")) {
                    JsonNode q = JSON.readTree(body);
                    String to = calleeOf.apply(q.path("caller").asText());
                    reply(x, 200, "{\"action\":\"connect\",\"to\":\"" + to + "\",\"callerId\":\"" + callerId + "\"}");
                } else {
                    reply(x, x.getRequestURI().getPath().equals("/intercept") ? 204 : 200, "");
                }
            });
            s.start();
            return b;
        }

        private static void reply(HttpExchange x, int status, String body) throws IOException {
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = x.getResponseBody()) {
                    o.write(out);
                }
            }
            x.close();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        /** Maskline's settings for one mode: none, intercept, or route (mode always). */
        Map<String, String> env(String mode) {
            return switch (mode) {
                case "none" -> Map.of();
                case "intercept" -> Map.of("MASKLINE_INTERCEPT_URL", url("/intercept"), "MASKLINE_WEBHOOK_SECRET", SECRET);
                case "route" -> Map.of("MASKLINE_ROUTE_URL", url("/route"), "MASKLINE_ROUTE_MODE", "always",
                        "MASKLINE_WEBHOOK_SECRET", SECRET);
                default -> throw new IllegalArgumentException(mode);
            };
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The route decision's latency in one mode: the store's look-up plus the hook's round trip, no SIP. */
    record Decision(String mode, double p50Ms, double p99Ms, int n) {}

    /**
     * Times {@code n} route decisions in each mode (none, intercept, route always) on an H2 store, against
     * the same backend: what the hook adds to a call's set-up, free of Asterisk's and SIPp's noise.
     */
    static List<Decision> decisions(Backend backend, int n) throws Exception {
        List<Decision> out = new java.util.ArrayList<>();
        try (Store store = Store.open(new StoreSettings("jdbc:h2:mem:hooks-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "", "", 4, Duration.ofDays(1)), Clock.systemUTC())) {
            store.numbers().add("+15550100");
            store.numbers().add("+15550101");
            List<String[]> calls = new java.util.ArrayList<>();
            Instant expires = Instant.now().plus(Duration.ofHours(1));
            for (int k = 0; k < 200; k++) {
                String a = String.format("+1777%07d", k);
                var s = store.sessions().create(new NewSession(new NewParticipant(a, "a"),
                        new NewParticipant(String.format("+1888%07d", k), "b"), expires, null));
                calls.add(new String[] {a, s.participants().getFirst().proxyNumber()});
            }
            var policy = new org.maskline.sessions.SessionPolicy("ES", Duration.ofHours(1), Clock.systemUTC());
            for (String mode : List.of("none", "intercept", "route", "none", "intercept", "route")) {
                var hooks = switch (mode) {
                    case "none" -> org.maskline.calls.RouteHooks.NONE;
                    case "intercept" -> new org.maskline.webhooks.CallHooks(java.util.Optional.empty(), java.util.Optional.of(
                            new org.maskline.webhooks.Intercept(java.net.URI.create(backend.url("/intercept")), SECRET,
                                    Duration.ofSeconds(1), false, Clock.systemUTC())), SECRET, store.routes(), policy,
                            store.sessions()::create, Clock.systemUTC());
                    default -> new org.maskline.webhooks.CallHooks(java.util.Optional.of(new org.maskline.webhooks.CallHooks.Routing(
                            java.net.URI.create(backend.url("/route")), true, Duration.ofSeconds(1))), java.util.Optional.empty(),
                            SECRET, store.routes(), policy, store.sessions()::create, Clock.systemUTC());
                };
                var decision = new org.maskline.calls.RouteDecision(store.routes(), "ES", hooks);
                for (int i = 0; i < 200; i++) decision.decide(calls.get(i % 200)[0], calls.get(i % 200)[1], "warm-" + i);
                List<Double> ms = new java.util.ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    String[] c = calls.get(i % calls.size());
                    long t0 = System.nanoTime();
                    var d = decision.decide(c[0], c[1], "call-" + i);
                    ms.add((System.nanoTime() - t0) / 1e6);
                    if (!(d instanceof org.maskline.calls.RouteDecision.Routed)) throw new IllegalStateException(mode + ": " + d);
                }
                Stats st = new Stats(ms);
                out.add(new Decision(mode, st.p(50), st.p(99), st.n()));
            }
        }
        return out;
    }

    /** How fast a full outbox drains into a backend that answers at once. */
    record Rate(String label, int events, double seconds, double perSecond, double fillPerSecond) {}

    /**
     * Opens {@code n} sessions (one {@code session.opened} each) with no dispatcher running, then starts
     * one and times until the backend has them all.
     */
    static Rate deliveryRate(String label, StoreSettings settings, int n) throws Exception {
        AtomicLong delivered = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/events", x -> {
            x.getRequestBody().readAllBytes();
            delivered.incrementAndGet();
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        receiver.start();
        try (Store store = Store.open(settings, Clock.systemUTC())) {
            for (int i = 0; i < 8; i++) store.numbers().add("+1555020" + (10 + i));
            long f0 = System.nanoTime();
            Instant expires = Instant.now().plus(Duration.ofHours(1));
            for (int k = 0; k < n; k++) {
                store.sessions().create(new NewSession(new NewParticipant(String.format("+1666%07d", k), "a"),
                        new NewParticipant(String.format("+1667%07d", k), "b"), expires, null));
            }
            double fill = n / ((System.nanoTime() - f0) / 1e9);
            var target = new MasklineTarget(java.net.URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/events"), SECRET);
            long t0 = System.nanoTime();
            try (Dispatcher d = new Dispatcher(store, List.of(target), Dispatcher.Settings.of(Duration.ofSeconds(5), Duration.ofDays(1)),
                    Clock.systemUTC()).start()) {
                long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (delivered.get() < n && System.nanoTime() < end) {
                    Thread.sleep(5); // polling a counter with a deadline; the resolution is far below the run's length
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            return new Rate(label, (int) delivered.get(), s, delivered.get() / s, fill);
        } finally {
            receiver.stop(0);
        }
    }
}
