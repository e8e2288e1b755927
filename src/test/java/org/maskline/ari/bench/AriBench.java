package org.maskline.ari.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.maskline.ari.AriClient;
import org.maskline.ari.AriConfig;
import org.maskline.ari.AriEvent;
import org.maskline.ari.AriListener;
import org.maskline.ari.ChannelCreate;
import org.maskline.it.Sandbox;

/**
 * Measures the ARI client against the sandbox: REST round trips (GET /asterisk/info; channel create + hangup) and
 * event throughput (user events posted over REST, counted as they reach the listener). Not a test: run it by hand.
 * It takes the sandbox through {@link Sandbox#get()}, so it waits for (and excludes) test runs.
 *
 * <pre>mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.maskline.ari.bench.AriBench</pre>
 */
public final class AriBench {

    private AriBench() {}

    public static void main(String[] args) throws Exception {
        int infoCalls = intArg(args, 0, 5000);
        int channelCalls = intArg(args, 1, 300);
        int events = intArg(args, 2, 20000);
        Sandbox.get();
        var received = new AtomicInteger();
        var counter = new CountDownLatch(1);
        AriListener listener = event -> {
            if (event instanceof AriEvent.ChannelUserevent u && "bench".equals(u.eventname())) {
                received.incrementAndGet();
            }
        };
        try (var ari = new AriClient(AriConfig.of("bench", URI.create(Sandbox.ARI_URL), Sandbox.ARI_USER,
                Sandbox.ARI_PASSWORD, Sandbox.ARI_APP).withRequestTimeout(Duration.ofSeconds(20)), listener)) {
            ari.start();
            ari.whenConnected().get(15, TimeUnit.SECONDS);
            System.out.println("ARI client benchmark against " + ari.asterisk().info().get().system().version());

            sequential("warm-up GET /asterisk/info", 500, () -> ari.asterisk().info());
            sequential("GET /asterisk/info, one at a time", infoCalls, () -> ari.asterisk().info());
            concurrent("GET /asterisk/info, 32 in flight", infoCalls, 32, () -> ari.asterisk().info());
            sequential("POST /channels/create + DELETE (PJSIP, not dialed), one at a time", channelCalls, () -> {
                String id = AriClient.newId();
                return ari.channels().create(ChannelCreate.of("PJSIP/15550199@trunk", Sandbox.ARI_APP).withChannelId(id))
                        .thenCompose(c -> ari.channels().hangup(id, "normal"));
            });

            long t0 = System.nanoTime();
            var inFlight = new Semaphore(64);
            for (int i = 0; i < events; i++) {
                inFlight.acquire();
                ari.events().userEvent("bench", Sandbox.ARI_APP, List.of(), Map.of())
                        .whenComplete((v, t) -> inFlight.release());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.get() < events && System.nanoTime() < deadline) {
                counter.await(5, TimeUnit.MILLISECONDS);
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%-70s %d of %d events in %.2f s = %.0f events/s (REST post + WebSocket + dispatch)%n",
                    "user events, 64 posts in flight", received.get(), events, secs, received.get() / secs);
        }
        System.exit(0);
    }

    private static void sequential(String name, int n, Supplier<CompletableFuture<?>> op) throws Exception {
        long[] nanos = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            op.get().get(30, TimeUnit.SECONDS);
            nanos[i] = System.nanoTime() - t;
        }
        report(name, nanos, System.nanoTime() - start);
    }

    private static void concurrent(String name, int n, int parallel, Supplier<CompletableFuture<?>> op) throws Exception {
        long[] nanos = new long[n];
        var inFlight = new Semaphore(parallel);
        var all = new ArrayList<CompletableFuture<?>>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            int at = i;
            long t = System.nanoTime();
            all.add(op.get().whenComplete((v, e) -> {
                nanos[at] = System.nanoTime() - t;
                inFlight.release();
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        report(name, nanos, System.nanoTime() - start);
    }

    private static void report(String name, long[] nanos, long total) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-70s n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms, %.0f req/s%n", name, sorted.length,
                pct(sorted, 50), pct(sorted, 99), sorted[sorted.length - 1] / 1e6, sorted.length / (total / 1e9));
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static int intArg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }
}
