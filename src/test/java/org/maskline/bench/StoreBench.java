package org.maskline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.maskline.api.ApiServer;
import org.maskline.config.HostPort;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;
import org.maskline.testsupport.PostgresSandbox;

/**
 * Session creation rate (directly on the store, and through the HTTP API) and route look-up latency,
 * on H2 (file database, the default) and on PostgreSQL, printed side by side. Run with scripts/bench-store.
 * Not a test: figures depend on the machine.
 */
public final class StoreBench {
    static final String KEY = "bench-key-0123456789abcdef";
    static final int POOL = 50;
    static final int STORE_SESSIONS = Integer.getInteger("bench.storeSessions", 20_000);
    static final int HTTP_SESSIONS = Integer.getInteger("bench.httpSessions", 20_000);
    static final int LOOKUPS = Integer.getInteger("bench.lookups", 200_000);
    static final int THREADS = Integer.getInteger("bench.threads", 16);

    record Result(String engine, double storePerSecond, double httpPerSecond, double p50Micros, double p99Micros, double p999Micros) {}

    public static void main(String[] args) throws Exception {
        List<Result> results = new ArrayList<>();
        Path dir = Files.createTempDirectory("maskline-bench");
        results.add(run("H2 (file)", new StoreSettings("jdbc:h2:file:" + dir.resolve("bench"), "", "", 16, Duration.ofDays(90))));
        // Side by side: H2's old 500 ms write delay, which lost acknowledged sessions to kill -9 (the cost of durability).
        results.add(run("H2 delay500", new StoreSettings("jdbc:h2:file:" + dir.resolve("bench-delayed") + ";WRITE_DELAY=500",
                "", "", 16, Duration.ofDays(90))));
        try (PostgresSandbox.Schema schema = PostgresSandbox.freshSchema()) {
            results.add(run("PostgreSQL", new StoreSettings(schema.url(), "", "", 16, Duration.ofDays(90))));
        }
        System.out.printf("%n%-12s %14s %14s %12s %12s %12s%n", "engine", "store sess/s", "HTTP sess/s",
                "lookup p50", "lookup p99", "lookup p99.9");
        for (Result r : results) {
            System.out.printf("%-12s %14.0f %14.0f %9.1f us %9.1f us %9.1f us%n", r.engine(), r.storePerSecond(),
                    r.httpPerSecond(), r.p50Micros(), r.p99Micros(), r.p999Micros());
        }
        System.out.printf("(%d threads; %d store creations, %d HTTP creations, %d look-ups; pool of %d numbers; %d cores)%n",
                THREADS, STORE_SESSIONS, HTTP_SESSIONS, LOOKUPS, POOL, Runtime.getRuntime().availableProcessors());
    }

    static Result run(String engine, StoreSettings settings) throws Exception {
        System.out.println("== " + engine);
        try (Store store = Store.open(settings, Clock.systemUTC())) {
            for (int i = 0; i < POOL; i++) {
                store.numbers().add("+1555010" + String.format("%04d", i));
            }
            AtomicInteger next = new AtomicInteger();
            // Warm-up, then the measured run.
            parallel(2_000, () -> createDirect(store, next.getAndIncrement()));
            List<Session> created = new ArrayList<>();
            long t0 = System.nanoTime();
            parallel(STORE_SESSIONS, () -> {
                Session s = createDirect(store, next.getAndIncrement());
                synchronized (created) {
                    created.add(s);
                }
            });
            double storeRate = STORE_SESSIONS / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("store: %.0f sessions/s%n", storeRate);

            double httpRate;
            try (ApiServer api = new ApiServer(new HostPort("127.0.0.1", 0), List.of(KEY),
                    new SessionPolicy("", Duration.ofHours(1), Clock.systemUTC()), store).start()) {
                // A minimal keep-alive HTTP/1.1 client per thread: the JDK's HttpClient costs more CPU than the
                // server on a 2-core machine, and would measure itself rather than Maskline.
                ThreadLocal<RawClient> clients = ThreadLocal.withInitial(() -> new RawClient(api.port()));
                parallel(2_000, () -> clients.get().createSession(next.getAndIncrement()));
                long t1 = System.nanoTime();
                parallel(HTTP_SESSIONS, () -> clients.get().createSession(next.getAndIncrement()));
                httpRate = HTTP_SESSIONS / ((System.nanoTime() - t1) / 1e9);
                System.out.printf("HTTP:  %.0f sessions/s%n", httpRate);
            }

            long[] nanos = new long[LOOKUPS];
            var routes = store.routes();
            for (int i = 0; i < 20_000; i++) {
                lookup(routes, created);
            }
            for (int i = 0; i < LOOKUPS; i++) {
                long s = System.nanoTime();
                lookup(routes, created);
                nanos[i] = System.nanoTime() - s;
            }
            Arrays.sort(nanos);
            return new Result(engine, storeRate, httpRate, nanos[LOOKUPS / 2] / 1e3, nanos[(int) (LOOKUPS * 0.99)] / 1e3,
                    nanos[(int) (LOOKUPS * 0.999)] / 1e3);
        }
    }

    private static void lookup(org.maskline.sessions.RouteLookup routes, List<Session> created) {
        Session s = created.get(ThreadLocalRandom.current().nextInt(created.size()));
        var p = s.participants().get(0);
        if (routes.findRoute(p.number(), p.proxyNumber()).isEmpty()) {
            throw new IllegalStateException("missing route for session " + s.id());
        }
    }

    static String real(int i) {
        return "+346" + String.format("%08d", i);
    }

    static Session createDirect(Store store, int i) {
        return store.sessions().create(new NewSession(new NewParticipant(real(2 * i), "rider"),
                new NewParticipant(real(2 * i + 1), "driver"), java.time.Instant.now().plusSeconds(3600), null));
    }

    /** One keep-alive connection that posts sessions and checks for 201. */
    static final class RawClient {
        private final java.net.Socket socket;
        private final java.io.OutputStream out;
        private final java.io.DataInputStream in;

        RawClient(int port) {
            try {
                socket = new java.net.Socket("127.0.0.1", port);
                socket.setTcpNoDelay(true);
                out = new java.io.BufferedOutputStream(socket.getOutputStream());
                in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void createSession(int i) {
            String body = "{\"participants\":[{\"number\":\"" + real(2 * i) + "\",\"label\":\"rider\"},{\"number\":\""
                    + real(2 * i + 1) + "\",\"label\":\"driver\"}],\"ttlSeconds\":3600}";
            byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST /v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n";
            try {
                out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.write(b);
                out.flush();
                String status = line();
                int length = -1;
                for (String h = line(); !h.isEmpty(); h = line()) {
                    if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                byte[] reply = new byte[length];
                in.readFully(reply);
                if (!status.startsWith("HTTP/1.1 201")) {
                    throw new IllegalStateException(status + ": " + new String(reply, java.nio.charset.StandardCharsets.UTF_8));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private String line() throws java.io.IOException {
            StringBuilder sb = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException("connection closed");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }
    }

    /** Runs the task {@code count} times on {@link #THREADS} threads and waits for all; the first failure is rethrown. */
    static void parallel(int count, Runnable task) throws Exception {
        AtomicInteger left = new AtomicInteger(count);
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                fs.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        task.run();
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
    }
}
