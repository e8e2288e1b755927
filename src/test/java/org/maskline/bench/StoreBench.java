package org.maskline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;

/**
 * The API's data path on H2, in process: session creations per second (the transaction behind
 * POST /v1/sessions: proxy allocation and routing keys), and route look-up latency (what every
 * call's StasisStart does). Runs on a file database, as Maskline's default configuration does.
 *
 * <p>Also a main of its own: {@code java -cp ... org.maskline.bench.StoreBench [DIR]}.
 */
final class StoreBench {
    record Result(int threads, double seconds, long created, long errors, double perSecond,
                  Stats lookupMicros, Stats createMicros, long sessionsInDb) {}

    private static final int POOL_NUMBERS = 20;

    private StoreBench() {}

    static Result run(Path dir, int threads, Duration createFor, int lookups) throws Exception {
        Files.createDirectories(dir);
        String url = "jdbc:h2:file:" + dir.resolve("store-bench").toAbsolutePath();
        try (Store store = Store.open(new StoreSettings(url, "sa", "", 10, Duration.ofDays(90)), Clock.systemUTC())) {
            for (int i = 0; i < POOL_NUMBERS; i++) store.numbers().add(String.format("+1555020%04d", i));
            AtomicInteger next = new AtomicInteger();
            Instant expires = Instant.now().plus(Duration.ofHours(4));
            // Warm-up: the JIT, H2's caches and the connection pool; not counted.
            create(store, next, expires, threads, Duration.ofSeconds(2), null);
            List<Double> createMicros = new ArrayList<>();
            long t0 = System.nanoTime();
            long[] counts = create(store, next, expires, threads, createFor, createMicros);
            double secs = (System.nanoTime() - t0) / 1e9;

            // Look-ups of existing routing keys, one thread, as a call's StasisStart does.
            Integer[] made = PROXIES.keySet().toArray(new Integer[0]);
            List<Double> lookupMicros = new ArrayList<>(lookups);
            for (int i = 0; i < lookups + 5_000; i++) {
                int k = made[ThreadLocalRandom.current().nextInt(made.length)];
                String rider = rider(k);
                String proxy = PROXIES.get(k);
                long s = System.nanoTime();
                var route = store.routes().findRoute(rider, proxy);
                long e = System.nanoTime();
                if (route.isEmpty()) throw new IllegalStateException("no route for session " + k);
                if (i >= 5_000) lookupMicros.add((e - s) / 1e3);
            }
            return new Result(threads, secs, counts[0], counts[1], counts[0] / secs, new Stats(lookupMicros),
                    new Stats(createMicros), made.length);
        }
    }

    /** The rider's proxy of every session created, by index. */
    private static final java.util.concurrent.ConcurrentHashMap<Integer, String> PROXIES = new java.util.concurrent.ConcurrentHashMap<>();

    static String rider(int k) {
        return String.format("+1666%07d", k);
    }

    static String driver(int k) {
        return String.format("+1667%07d", k);
    }

    /** Creates sessions from {@code threads} threads for {@code d}; returns {created, errors}. */
    private static long[] create(Store store, AtomicInteger next, Instant expires, int threads, Duration d,
                                 List<Double> micros) throws InterruptedException {
        AtomicLong created = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + d.toNanos();
        List<Thread> ts = new ArrayList<>();
        List<List<Double>> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Double> mine = new ArrayList<>();
            perThread.add(mine);
            ts.add(Thread.ofPlatform().name("store-bench-" + t).start(() -> {
                while (System.nanoTime() < end) {
                    int k = next.getAndIncrement();
                    long s = System.nanoTime();
                    try {
                        Session session = store.sessions().create(new NewSession(new NewParticipant(rider(k), "rider"),
                                new NewParticipant(driver(k), "driver"), expires, "bench-" + k));
                        long e = System.nanoTime();
                        mine.add((e - s) / 1e3);
                        created.incrementAndGet();
                        PROXIES.put(k, session.participants().stream().filter(p -> p.number().equals(rider(k)))
                                .findFirst().orElseThrow().proxyNumber());
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : ts) t.join();
        if (micros != null) perThread.forEach(micros::addAll);
        return new long[] {created.get(), errors.get()};
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("maskline-store-bench");
        Result r = run(dir, 4, Duration.ofSeconds(5), 20_000);
        System.out.printf("sessions created: %d in %.1f s with %d threads = %.0f/s (errors %d); create p50 %.0f us p99 %.0f us%n",
                r.created(), r.seconds(), r.threads(), r.perSecond(), r.errors(), r.createMicros().p(50), r.createMicros().p(99));
        System.out.printf("route lookups (%d sessions in the db): p50 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us%n",
                r.sessionsInDb(), r.lookupMicros().p(50), r.lookupMicros().p(99), r.lookupMicros().p(99.9), r.lookupMicros().max());
    }
}
