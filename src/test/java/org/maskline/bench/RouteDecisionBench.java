package org.maskline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.maskline.calls.RouteDecision;
import org.maskline.menu.MenuSettings;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;
import org.maskline.testsupport.PostgresSandbox;

/**
 * What the menu costs the masking hop (issue 14): the route decision of a routed call without menu
 * settings (one routing-key read, the FastAGI path and the old ARI path) beside the ARI path's
 * decision with them (plus the callee's availability), and the decision of a call to an ended
 * session (the recontact look-up that turns a rejection into the menu). Run by scripts/bench-menu.
 */
public final class RouteDecisionBench {
    static final int SESSIONS = Integer.getInteger("bench.sessions", 5_000);
    static final int DECISIONS = Integer.getInteger("bench.decisions", 100_000);

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("maskline-bench-menu");
        List<String> lines = new ArrayList<>();
        lines.addAll(run("H2 (file)", new StoreSettings("jdbc:h2:file:" + dir.resolve("bench"), "", "", 8, Duration.ofDays(90))));
        try (PostgresSandbox.Schema schema = PostgresSandbox.freshSchema()) {
            lines.addAll(run("PostgreSQL", new StoreSettings(schema.url(), "", "", 8, Duration.ofDays(90))));
        }
        System.out.printf("%n%-12s %-34s %10s %10s %10s%n", "engine", "decision", "p50", "p99", "p99.9");
        lines.forEach(System.out::println);
        System.out.printf("(%d sessions, %d decisions each, one thread; %d cores)%n", SESSIONS, DECISIONS,
                Runtime.getRuntime().availableProcessors());
    }

    static List<String> run(String engine, StoreSettings settings) {
        try (Store store = Store.open(settings, Clock.systemUTC())) {
            for (int i = 0; i < 4; i++) store.numbers().add("+1555020" + i);
            List<Session> open = new ArrayList<>();
            List<Session> ended = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                Session s = store.sessions().create(new NewSession(new NewParticipant("+346" + String.format("%08d", 2 * i), "r"),
                        new NewParticipant("+346" + String.format("%08d", 2 * i + 1), "d"), Instant.now().plusSeconds(3600), null, 600));
                if (i % 2 == 0) {
                    open.add(s);
                } else {
                    store.sessions().close(s.id());
                    ended.add(s);
                }
            }
            RouteDecision plain = new RouteDecision(store.routes(), "ES");
            RouteDecision menus = new RouteDecision(store.routes(), "ES", MenuSettings.defaults());
            List<String> out = new ArrayList<>();
            out.add(row(engine, "routed, no menu settings", measure(plain, open, RouteDecision.Routed.class)));
            out.add(row(engine, "routed, with menu (+availability)", measure(menus, open, RouteDecision.Routed.class)));
            out.add(row(engine, "ended, no menu settings (rejected)", measure(plain, ended, RouteDecision.Unroutable.class)));
            out.add(row(engine, "ended, with menu (recontact)", measure(menus, ended, RouteDecision.Detour.class)));
            return out;
        }
    }

    private static long[] measure(RouteDecision d, List<Session> sessions, Class<?> expected) {
        for (int i = 0; i < 10_000; i++) decide(d, sessions, expected);
        long[] nanos = new long[DECISIONS];
        for (int i = 0; i < DECISIONS; i++) {
            long t = System.nanoTime();
            decide(d, sessions, expected);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void decide(RouteDecision d, List<Session> sessions, Class<?> expected) {
        Session s = sessions.get(ThreadLocalRandom.current().nextInt(sessions.size()));
        var p = s.participants().get(0);
        var decision = d.decide(p.number(), p.proxyNumber());
        if (!expected.isInstance(decision)) throw new IllegalStateException("expected " + expected.getSimpleName() + ", got " + decision);
    }

    private static String row(String engine, String what, long[] n) {
        return String.format("%-12s %-34s %7.1f us %7.1f us %7.1f us", engine, what, n[n.length / 2] / 1e3,
                n[(int) (n.length * 0.99)] / 1e3, n[(int) (n.length * 0.999)] / 1e3);
    }
}
