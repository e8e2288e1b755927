package org.maskline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.maskline.it.Sandbox;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;

/**
 * scripts/bench: Maskline's call path side by side with a plain-dialplan Dial() on the same
 * Asterisk sandbox, in one run, alternating between the two (docs/performance.md says what each
 * figure means and how it is measured).
 *
 * <ol>
 *   <li>hop: caller's INVITE leaving SIPp → callee's INVITE reaching SIPp, per call, at 5 and 20 calls/s;</li>
 *   <li>rate: the highest call rate with zero failed calls (RFC 7502: short trials to bracket and
 *       bisect, then one 60 s confirmation per side);</li>
 *   <li>concurrency: 500 bridged calls held 30 s through Maskline, its heap and RSS;</li>
 *   <li>api: session creations per second and route look-up latency on H2;</li>
 *   <li>rec: recording on versus off (issue 15): CPU per call and set-up times at a fixed rate, the
 *       highest rate with zero failed calls, every recording collected; and the transcriber's
 *       real-time factor on this machine.</li>
 * </ol>
 *
 * <p>Takes the sandbox's machine-wide lock through {@link Sandbox#get()} for the whole run.
 */
public final class Bench {
    enum Side {
        MASKLINE("Maskline"), BASELINE("plain Dial()");

        final String label;

        Side(String label) {
            this.label = label;
        }
    }

    /** Caller k is CALLER_PREFIX + 7 digits of k, its callee CALLEE_PREFIX + the same digits. */
    static final String CALLER_PREFIX = "+1777";
    static final String CALLEE_PREFIX = "+1888";
    /** The overlay's baseline prefix: +1999 then the callee's number without its '+'. */
    static final String BASELINE_PREFIX = "+1999";
    /**
     * Where baseline callers send from: the sandbox's test-only bench endpoint, whose context
     * ([sandbox-bench], scripts/sandbox/asterisk/extensions_sandbox.conf) holds the baseline. The
     * carrier's own address never reaches it.
     */
    static final String BASELINE_IP = "127.0.0.20";
    static final String POOL_A = "+15550100";
    static final String POOL_B = "+15550101";
    static final int PAIRS = 2000;
    /** Callers use a new port per trial (5080-5099), so that Asterisk's retransmissions towards an
     * earlier trial's caller never land in the next trial's SIPp. */
    static final int CALLER_PORT_BASE = 5080;
    private int trialNo;
    static final String API_KEY = "bench-key-0123456789abcdef";

    // Defaults; --quick shortens them for a smoke run (figures from a quick run are not the bench's).
    private int hopSeconds = 8;
    private int hopRounds = 2;
    private int searchSeconds = 8;
    private int confirmSeconds = 60;
    private int searchStart = 40;
    private int searchMaxTrials = 7;
    private int holdMs = 1000;
    private int concurrentCalls = 500;
    private int concurrentHoldS = 30;
    private int concurrentRate = 50;
    private long budgetSeconds = 570;
    private boolean jfr;
    private Set<String> phases = new TreeSet<>(List.of("hop", "rate", "conc", "api", "failover", "messages", "webhooks", "rec"));
    /** Seconds of each message relay trial (issue 13). */
    private int messageSeconds = 10;
    private int failoverSeconds = 20;
    private int failoverRate = 20;

    private final long startNanos = System.nanoTime();
    private Sandbox sandbox;
    private Path project;
    private Path work;
    private final Ari ari = new Ari();
    private MasklineProcess maskline;
    private long asteriskPid;
    private final String[] proxies = new String[PAIRS];
    /** Issue 15: the recorded pairs' proxies, and whether Maskline's trials call those pairs now. */
    static final int REC_PAIRS = 1000;
    private final String[] recProxies = new String[REC_PAIRS];
    private boolean recordedCalls;
    private final StringBuilder notes = new StringBuilder();
    private final Map<String, String[]> rows = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        Bench b = new Bench();
        b.parse(args);
        // Ctrl-C or kill: stop the Maskline process and SIPp phones this run started.
        Thread hook = new Thread(b::cleanup, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        int rc = 0;
        try {
            b.run();
        } catch (Exception e) {
            System.err.println("bench: FAILED: " + e);
            e.printStackTrace();
            rc = 1;
        } finally {
            b.cleanup();
        }
        System.exit(rc);
    }

    private void parse(String[] args) {
        for (String a : args) {
            if (a.equals("--quick")) {
                hopSeconds = 4;
                hopRounds = 1;
                searchSeconds = 4;
                confirmSeconds = 10;
                searchMaxTrials = 3;
                concurrentCalls = 100;
                concurrentHoldS = 10;
                failoverSeconds = 12;
                messageSeconds = 4;
            } else if (a.equals("--jfr")) {
                jfr = true;
            } else if (a.startsWith("--only=")) {
                phases = new TreeSet<>(List.of(a.substring(7).split(",")));
            } else {
                throw new IllegalArgumentException("unknown argument " + a + " (known: --quick, --jfr, --only=hop,rate,conc,api,failover,messages,webhooks,rec)");
            }
        }
    }

    private void run() throws Exception {
        String p = System.getProperty("maskline.projectDir");
        project = p == null ? Path.of("").toAbsolutePath() : Path.of(p);
        work = project.resolve("target/bench/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(work);
        say("work folder " + work);
        boolean needMaskline = phases.contains("hop") || phases.contains("rate") || phases.contains("conc")
                || phases.contains("messages") || phases.contains("webhooks") || phases.contains("rec");
        if (needMaskline) {
            say("taking the sandbox (machine-wide lock; waits while another run holds it) and starting Asterisk");
            sandbox = Sandbox.get();
            asteriskPid = asteriskPid();
            String plan = sandbox.cli("dialplan show +199918880000000@sandbox-bench");
            if (!plan.contains("Dial(")) {
                throw new IllegalStateException("the baseline context is not loaded (scripts/sandbox/asterisk/extensions_sandbox.conf):\n" + plan);
            }
            if (ari.channels() != 0) {
                say("Asterisk has leftover channels; hanging them up");
                ari.hangupAll();
                ari.awaitNoChannels(Duration.ofSeconds(10));
            }
            String db = "jdbc:h2:file:" + work.resolve("maskline").toAbsolutePath();
            prepareSessions(db);
            List<String> jvm = new ArrayList<>(List.of("-Xmx256m"));
            if (jfr) jvm.add("-XX:StartFlightRecording=filename=" + work.resolve("maskline.jfr") + ",settings=profile");
            maskline = MasklineProcess.start(project, work, db, jvm, masklineEnv());
            say("Maskline running as pid " + maskline.pid() + " (java -Xmx256m -jar target/maskline.jar), log " + maskline.log);
            warmUp();
        }
        if (phases.contains("hop")) hop();
        if (phases.contains("rate")) rate();
        if (phases.contains("conc")) concurrency();
        if (phases.contains("rec")) recording();
        if (phases.contains("messages")) messages();
        if (maskline != null) {
            List<String> problems = maskline.problems(20);
            if (!problems.isEmpty()) note("Maskline logged " + problems.size() + "+ WARN/ERROR lines, first: " + problems.get(0));
            maskline.close();
            maskline = null;
        }
        if (phases.contains("webhooks")) webhooks();
        if (phases.contains("failover")) failover();
        if (phases.contains("api")) api();
        report();
    }

    // ---- set-up -----------------------------------------------------------------------------

    private static Map<String, String> masklineEnv() {
        return Map.of("MASKLINE_API_KEYS", API_KEY, "MASKLINE_HTTP_ADDR", "127.0.0.1:18080",
                "MASKLINE_AGI_ADDR", "127.0.0.1:14573", "MASKLINE_DB_USER", "sa",
                "MASKLINE_ARI_USER", Sandbox.ARI_USER, "MASKLINE_ARI_PASSWORD", Sandbox.ARI_PASSWORD,
                "MASKLINE_ARI_URL", Sandbox.ARI_URL, "MASKLINE_RING_TIMEOUT_SECONDS", "10",
                "MASKLINE_RECORDINGS_DIR", "recordings"); // issue 15: in the bench's work folder (the process's own)
    }

    static String caller(int k) {
        return String.format("%s%07d", CALLER_PREFIX, k);
    }

    static String callee(int k) {
        return String.format("%s%07d", CALLEE_PREFIX, k);
    }

    /** Opens PAIRS sessions (caller k with callee k) in Maskline's H2 file before Maskline starts. */
    private void prepareSessions(String db) {
        prepareSessions(db, "sa");
    }

    private void prepareSessions(String db, String user) {
        long t = System.nanoTime();
        try (Store store = Store.open(new StoreSettings(db, user, "", 4, Duration.ofDays(1)), Clock.systemUTC())) {
            store.numbers().add(POOL_A);
            store.numbers().add(POOL_B);
            Instant expires = Instant.now().plus(Duration.ofHours(3));
            for (int k = 0; k < PAIRS; k++) {
                Session s = store.sessions().create(new NewSession(new NewParticipant(caller(k), "caller"),
                        new NewParticipant(callee(k), "callee"), expires, null));
                String c = caller(k);
                proxies[k] = s.participants().stream().filter(x -> x.number().equals(c)).findFirst().orElseThrow().proxyNumber();
            }
            // Issue 15: pairs whose calls are recorded, callers PAIRS.. (the rec phase's "on" side).
            for (int k = 0; k < REC_PAIRS; k++) {
                Session s = store.sessions().create(new NewSession(new NewParticipant(caller(PAIRS + k), "caller"),
                        new NewParticipant(callee(PAIRS + k), "callee"), expires, null, 0, true));
                String c = caller(PAIRS + k);
                recProxies[k] = s.participants().stream().filter(x -> x.number().equals(c)).findFirst().orElseThrow().proxyNumber();
            }
        }
        say(String.format("opened %d sessions in Maskline's database in %.1f s", PAIRS, (System.nanoTime() - t) / 1e9));
    }

    /** A few calls through each side, so that neither pays the JIT's or the first connection's cost in a measurement. */
    private void warmUp() throws Exception {
        for (Side s : Side.values()) {
            Trial t = trial(s, 10, 30, 200, false, "warm-up");
            if (!t.pass) note("warm-up through " + s.label + " failed: " + t.why);
        }
    }

    // ---- one trial --------------------------------------------------------------------------

    static final class Trial {
        Side side;
        int rate;
        int calls;
        boolean pass;
        String why = "";
        long ok;
        long failed;
        /** Calls SIPp actually placed (fewer than planned when a trial stops at its first failure). */
        long made;
        double seconds;
        double asteriskCpuMs;
        double masklineCpuMs;
        double machineBusyMs;
        long retransmissions;
        List<Double> hopMs = new ArrayList<>();
        List<Double> setupMs = new ArrayList<>();
    }

    private String callerXml(int setupTimeoutMs, int hold) throws IOException {
        return Files.readString(project.resolve("src/test/java/org/maskline/bench/bench-caller.xml"))
                .replace("@SETUP_TIMEOUT_MS@", String.valueOf(setupTimeoutMs)).replace("@HOLD_MS@", String.valueOf(hold));
    }

    private String calleeXml() throws IOException {
        return Files.readString(project.resolve("scripts/sipp/callee.xml"))
                .replace("@RING_MS@", "10").replace("@HOLD_MS@", "3600000");
    }

    private List<String> callLines(Side side, int calls) {
        List<String> lines = new ArrayList<>(calls);
        if (side == Side.MASKLINE && recordedCalls) {
            for (int i = 0; i < calls; i++) {
                int k = i % REC_PAIRS;
                lines.add(caller(PAIRS + k) + ";" + recProxies[k]);
            }
            return lines;
        }
        for (int i = 0; i < calls; i++) {
            int k = i % PAIRS;
            String dialed = side == Side.MASKLINE ? proxies[k] : BASELINE_PREFIX + callee(k).substring(1);
            lines.add(caller(k) + ";" + dialed);
        }
        return lines;
    }

    /**
     * Places {@code calls} calls at {@code rate} calls/s through one side and waits for all of them
     * to end. It passes when every call was answered within the establishment threshold (5 s),
     * held, and hung up cleanly, and SIPp kept the offered rate.
     */
    private Trial trial(Side side, int rate, int calls, int hold, boolean trace, String what) throws Exception {
        return trial(side, rate, calls, hold, trace, what, false);
    }

    private Trial trial(Side side, int rate, int calls, int hold, boolean trace, String what, boolean abortOnFailure) throws Exception {
        Trial t = new Trial();
        t.side = side;
        t.rate = rate;
        t.calls = calls;
        int limit = Math.max(200, (int) Math.ceil(rate * (hold / 1000.0 + 6)));
        try (SippRun callee = SippRun.start(sandbox, "callee", calleeXml(), null, trace, List.of("-p", "5070"))) {
            callee.awaitBound(5070, 10_000);
            double a0 = Procs.cpuMillis(asteriskPid);
            double m0 = maskline == null ? 0 : Procs.cpuMillis(maskline.pid());
            double busy0 = Procs.machineBusyMillis();
            long t0 = System.nanoTime();
            try (SippRun caller = SippRun.start(sandbox, "caller", callerXml(5000, hold), callLines(side, calls), trace,
                    List.of("-i", side == Side.BASELINE ? BASELINE_IP : "127.0.0.1",
                            "-p", String.valueOf(CALLER_PORT_BASE + (trialNo++ % 20)), "-r", String.valueOf(rate), "-rp", "1000",
                            "-m", String.valueOf(calls), "-l", String.valueOf(limit), "-aa"))) {
                long deadline = (long) (calls * 1000.0 / rate) + hold + 5000 + 12_000;
                Integer rc = null;
                boolean aborted = false;
                long end = System.nanoTime() + deadline * 1_000_000;
                while (System.nanoTime() < end) {
                    rc = caller.await(500);
                    if (rc != null) break;
                    // RFC 7502: one failed call fails the trial; stop at once (SIPp writes its stats every second).
                    if (abortOnFailure && SippRun.count(caller.finalStats(), "FailedCall(C)") > 0) {
                        aborted = true;
                        break;
                    }
                }
                t.seconds = (System.nanoTime() - t0) / 1e9;
                t.asteriskCpuMs = Procs.cpuMillis(asteriskPid) - a0;
                t.masklineCpuMs = maskline == null ? 0 : Procs.cpuMillis(maskline.pid()) - m0;
                t.machineBusyMs = Procs.machineBusyMillis() - busy0;
                if (rc == null) {
                    caller.close();
                    if (!aborted) t.why = "caller SIPp still running after " + deadline / 1000 + " s";
                }
                if (aborted) {
                    ari.hangupAll(); // the overload's leftovers, so that the next trial starts from zero
                }
                callee.stopGracefully(3000);
                Map<String, String> st = caller.finalStats();
                t.ok = SippRun.count(st, "SuccessfulCall(C)");
                t.failed = SippRun.count(st, "FailedCall(C)");
                t.retransmissions = SippRun.count(st, "Retransmissions(C)");
                long created = SippRun.count(st, "TotalCallCreated");
                t.made = created;
                // Did SIPp offer the rate? All calls must have been created within the nominal window plus 1 s.
                boolean onTime = createdOnTime(caller.stats(), calls, calls / (double) rate + 1.0);
                if (t.why.isEmpty()) {
                    if (t.failed > 0) t.why = (aborted ? "stopped at the first failure, " : "") + t.failed + " failed call(s): " + failureKinds(st);
                    else if (t.ok != calls) t.why = "only " + t.ok + " of " + calls + " calls succeeded (created " + created + ")";
                    else if (rc != null && rc != 0) t.why = "SIPp exit code " + rc;
                    else if (!onTime) t.why = "SIPp could not offer " + rate + " calls/s";
                    else if (t.seconds > calls / (double) rate + hold / 1000.0 + 4.5) {
                        // Every call made it, but the system fell behind: set-up times were growing, so
                        // a longer trial at this rate would cross the 5 s threshold. Count it as a failure.
                        t.why = String.format(Locale.ROOT, "backlog: the calls ended %.1f s after the offered window",
                                t.seconds - calls / (double) rate - hold / 1000.0);
                    }
                }
                t.pass = t.why.isEmpty();
                if (trace) {
                    MessageLog.Times c = MessageLog.read(caller.messages(), CALLER_PREFIX, CALLEE_PREFIX);
                    MessageLog.Times b = MessageLog.read(callee.messages(), CALLER_PREFIX, CALLEE_PREFIX);
                    for (var e : c.inviteSent().entrySet()) {
                        Long in = b.inviteReceived().get(e.getKey());
                        if (in != null) t.hopMs.add((in - e.getValue()) / 1000.0);
                        Long ok = c.okReceived().get(e.getKey());
                        if (ok != null) t.setupMs.add((ok - e.getValue()) / 1000.0);
                    }
                }
                if (!t.pass) {
                    String err = caller.errorSummary();
                    if (!err.isEmpty()) t.why += " [SIPp: " + err + "]";
                    t.why += " (files: " + caller.dir.getFileName() + ", " + callee.dir.getFileName() + ")";
                } else {
                    caller.delete();
                    callee.delete();
                }
            }
        }
        int left = ari.awaitNoChannels(Duration.ofSeconds(t.pass ? 20 : 8));
        if (left > 0) {
            note(String.format("%s %s at %d/s: %d channel(s) still up after the trial; hung up", what, side.label, rate, left));
            for (int i = 0; i < 4 && ari.channels() > 0; i++) {
                ari.hangupAll();
                ari.awaitNoChannels(Duration.ofSeconds(5));
            }
        }
        if (!t.pass) {
            Thread.sleep(3000); // let Asterisk finish its retransmissions and timers before the next trial
        }
        if (left > 0) {
            if (t.pass) {
                t.pass = false;
                t.why = left + " channel(s) left behind";
            }
        }
        say(String.format("  %-12s %-12s %4d calls/s x %5d calls: %s in %.1f s (Asterisk CPU %.2f ms/call, Maskline CPU %.2f ms/call)%s",
                what, side.label, rate, calls, t.pass ? "PASS" : "FAIL", t.seconds, t.asteriskCpuMs / calls,
                t.masklineCpuMs / calls, t.pass ? "" : " - " + t.why));
        return t;
    }

    private static String failureKinds(Map<String, String> st) {
        StringBuilder b = new StringBuilder();
        for (var e : new java.util.TreeMap<>(st).entrySet()) {
            if (e.getKey().startsWith("Failed") && e.getKey().endsWith("(C)") && !e.getKey().equals("FailedCall(C)")
                    && SippRun.count(st, e.getKey()) > 0) {
                b.append(e.getKey(), 6, e.getKey().length() - 3).append('=').append(e.getValue()).append(' ');
            }
        }
        return b.toString().strip();
    }

    private static boolean createdOnTime(List<Map<String, String>> rows, int calls, double withinSeconds) {
        if (rows.isEmpty()) return false;
        double start = SippRun.epoch(rows.get(0), "StartTime");
        for (Map<String, String> r : rows) {
            if (SippRun.count(r, "TotalCallCreated") >= calls) {
                return SippRun.epoch(r, "CurrentTime") - start <= withinSeconds + 1.0; // +1: rows are a second apart
            }
        }
        return false;
    }

    // ---- 1. masking hop -----------------------------------------------------------------------

    private final Map<String, Trial> hop = new LinkedHashMap<>();

    private void hop() throws Exception {
        say("1/5 masking hop: caller's INVITE out -> callee's INVITE in, per call, at 5 and 20 calls/s");
        for (int rate : new int[] {5, 20}) {
            Map<Side, Trial> all = new LinkedHashMap<>();
            for (int round = 0; round < hopRounds; round++) {
                Side[] order = round % 2 == 0 ? new Side[] {Side.MASKLINE, Side.BASELINE} : new Side[] {Side.BASELINE, Side.MASKLINE};
                for (Side s : order) {
                    Trial t = trial(s, rate, rate * hopSeconds, holdMs, true, "hop");
                    Trial acc = all.computeIfAbsent(s, x -> {
                        Trial n = new Trial();
                        n.side = s;
                        n.rate = rate;
                        return n;
                    });
                    acc.calls += t.calls;
                    acc.ok += t.ok;
                    acc.failed += t.failed;
                    acc.hopMs.addAll(t.hopMs);
                    acc.setupMs.addAll(t.setupMs);
                    acc.asteriskCpuMs += t.asteriskCpuMs;
                    acc.masklineCpuMs += t.masklineCpuMs;
                    if (!t.pass) acc.why = t.why;
                }
            }
            for (var e : all.entrySet()) hop.put(rate + "/" + e.getKey(), e.getValue());
        }
    }

    // ---- 2. sustained rate --------------------------------------------------------------------

    /** RFC 7502 search state of one side: the highest rate that passed and the lowest that failed. */
    static final class Search {
        int pass;
        int fail = Integer.MAX_VALUE;
        int trials;
        final List<String> log = new ArrayList<>();

        int next(int start) {
            if (pass == 0 && fail == Integer.MAX_VALUE) return start;
            if (fail == Integer.MAX_VALUE) return pass < 160 ? pass * 2 : pass * 3 / 2;
            return (pass + fail) / 2;
        }

        boolean done(int maxTrials) {
            if (trials >= maxTrials) return true;
            if (fail == Integer.MAX_VALUE) return false;
            if (fail <= 2) return true;
            return fail - pass <= Math.max(2, pass / 10);
        }
    }

    private final Map<Side, Search> searches = new LinkedHashMap<>();
    private final Map<Side, Trial> confirmed = new LinkedHashMap<>();

    private void rate() throws Exception {
        say(String.format("2/5 sustained rate: %d s trials to bracket and bisect (from %d calls/s), then %d s to confirm",
                searchSeconds, searchStart, confirmSeconds));
        for (Side s : Side.values()) searches.put(s, new Search());
        int step = 0;
        while (searches.values().stream().anyMatch(x -> !x.done(searchMaxTrials))) {
            Side[] order = step++ % 2 == 0 ? new Side[] {Side.MASKLINE, Side.BASELINE} : new Side[] {Side.BASELINE, Side.MASKLINE};
            for (Side s : order) {
                Search se = searches.get(s);
                if (se.done(searchMaxTrials)) continue;
                int r = se.next(searchStart);
                Trial t = trial(s, r, r * searchSeconds, holdMs, false, "search", true);
                se.trials++;
                if (t.pass) se.pass = Math.max(se.pass, r);
                else se.fail = Math.min(se.fail, r);
                se.log.add(r + (t.pass ? " pass" : " FAIL"));
            }
        }
        for (Side s : Side.values()) {
            Search se = searches.get(s);
            int r = se.pass;
            if (r == 0) {
                note(s.label + ": no search trial passed; no sustained rate");
                continue;
            }
            Trial t = trial(s, r, r * confirmSeconds, holdMs, false, "confirm", true);
            if (!t.pass && elapsed() < budgetSeconds - confirmSeconds - 20) {
                int lower = Math.max(1, (int) (r * 0.8));
                note(String.format("%s: the %d s confirmation at %d calls/s failed (%s); retried at %d", s.label,
                        confirmSeconds, r, t.why, lower));
                t = trial(s, lower, lower * confirmSeconds, holdMs, false, "confirm", true);
            }
            confirmed.put(s, t);
        }
    }

    // ---- 3. concurrency -----------------------------------------------------------------------

    private final Map<String, String> conc = new LinkedHashMap<>();

    private void concurrency() throws Exception {
        int calls = concurrentCalls;
        int rampS = (int) Math.ceil(calls / (double) concurrentRate);
        int hold = (concurrentHoldS + rampS + 3) * 1000;
        say(String.format("3/5 concurrency: %d calls through Maskline at %d calls/s, each held %d s, so all %d are up together for %d s",
                calls, concurrentRate, hold / 1000, calls, concurrentHoldS));
        Trial t;
        long heapMax = 0;
        int minBridges = Integer.MAX_VALUE;
        int minChannels = Integer.MAX_VALUE;
        long live = -1;
        long rss = -1;
        long hwm = -1;
        long threads = -1;
        int samples = 0;
        try (SippRun callee = SippRun.start(sandbox, "callee", calleeXml(), null, false, List.of("-p", "5070"))) {
            callee.awaitBound(5070, 10_000);
            double m0 = Procs.cpuMillis(maskline.pid());
            try (SippRun caller = SippRun.start(sandbox, "caller", callerXml(10_000, hold), callLines(Side.MASKLINE, calls), false,
                    List.of("-p", String.valueOf(CALLER_PORT_BASE + (trialNo++ % 20)), "-r", String.valueOf(concurrentRate), "-rp", "1000",
                            "-m", String.valueOf(calls), "-l", String.valueOf(calls + 100), "-aa"))) {
                long t0 = System.nanoTime();
                // The window starts once the last call had time to be answered.
                sleepUntil(t0, (rampS + 2) * 1000L);
                long windowEnd = (rampS + 2 + concurrentHoldS) * 1000L;
                while ((System.nanoTime() - t0) / 1_000_000 < windowEnd - 4000) {
                    int bridges = ari.twoPartyBridges();
                    int chans = ari.channels();
                    long heap = maskline.heapUsedKiB();
                    minBridges = Math.min(minBridges, bridges);
                    minChannels = Math.min(minChannels, chans);
                    heapMax = Math.max(heapMax, heap);
                    samples++;
                    say(String.format("    t=%4.1f s: %d two-party bridges, %d channels, Maskline heap used %d MiB, RSS %d MiB",
                            (System.nanoTime() - t0) / 1e9, bridges, chans, heap / 1024, maskline.status("VmRSS") / 1024));
                    Thread.sleep(4000); // sampling interval within the hold window
                }
                // Live set: a full GC while all calls are still up, then the heap's use.
                maskline.jcmd("GC.run");
                live = maskline.heapUsedKiB();
                rss = maskline.status("VmRSS");
                hwm = maskline.status("VmHWM");
                threads = maskline.status("Threads");
                minBridges = Math.min(minBridges, ari.twoPartyBridges());
                say(String.format("    after a full GC with the calls up: heap %d MiB live, RSS %d MiB (peak %d MiB), %d threads",
                        live / 1024, rss / 1024, hwm / 1024, threads));
                Integer rc = caller.await(hold + 60_000L);
                if (rc == null) caller.close();
                callee.stopGracefully(5000);
                Map<String, String> st = caller.finalStats();
                t = new Trial();
                t.calls = calls;
                t.ok = SippRun.count(st, "SuccessfulCall(C)");
                t.failed = SippRun.count(st, "FailedCall(C)");
                if (t.failed > 0) t.why = failureKinds(st) + " [SIPp: " + caller.errorSummary() + "]";
                t.masklineCpuMs = Procs.cpuMillis(maskline.pid()) - m0;
            }
        }
        int left = ari.awaitNoChannels(Duration.ofSeconds(30));
        if (left > 0) {
            note("concurrency: " + left + " channel(s) still up 30 s after the calls ended; hung up");
            ari.hangupAll();
        }
        conc.put("calls", String.valueOf(calls));
        conc.put("ok", String.valueOf(t.ok));
        conc.put("failed", t.failed + (t.why.isEmpty() ? "" : " (" + t.why.strip() + ")"));
        conc.put("minBridges", String.valueOf(minBridges));
        conc.put("minChannels", String.valueOf(minChannels));
        conc.put("heapMax", mib(heapMax));
        conc.put("heapLive", mib(live));
        conc.put("rss", mib(rss));
        conc.put("hwm", mib(hwm));
        conc.put("threads", String.valueOf(threads));
        conc.put("samples", String.valueOf(samples));
        conc.put("cpuPerCall", String.format("%.2f", t.masklineCpuMs / calls));
        say(String.format("  %d calls: %d ok, %d failed; at least %d bridged at once", calls, t.ok, t.failed, minBridges));
    }

    private static String mib(long kib) {
        return kib < 0 ? "n/a" : String.format("%.0f", kib / 1024.0);
    }

    private static void sleepUntil(long t0, long millis) throws InterruptedException {
        long left = millis - (System.nanoTime() - t0) / 1_000_000;
        if (left > 0) Thread.sleep(left);
    }

    // ---- 5. failover ----------------------------------------------------------------------------

    private final Map<String, String> failover = new LinkedHashMap<>();

    /**
     * Two Maskline processes on one PostgreSQL (active and standby); calls at 20 calls/s; the active
     * one is killed with SIGKILL a quarter of the way in. Reports the calls lost (failed in any way,
     * split by whether they were placed before or after the kill), how long the standby took to take
     * the lease, and the time to recover: from the kill to the first call placed after it that was
     * answered.
     */
    private void failover() throws Exception {
        say("5/5 failover: two instances on PostgreSQL, " + failoverRate + " calls/s for " + failoverSeconds
                + " s, kill -9 of the active one after " + failoverSeconds / 4 + " s");
        if (sandbox == null) {
            sandbox = Sandbox.get();
            asteriskPid = asteriskPid();
        }
        if (ari.channels() != 0) {
            ari.hangupAll();
            ari.awaitNoChannels(Duration.ofSeconds(10));
        }
        try (org.maskline.testsupport.PostgresSandbox.Schema schema = org.maskline.testsupport.PostgresSandbox.freshSchema()) {
            prepareSessions(schema.url(), "");
            Map<String, String> env = new java.util.HashMap<>(Map.of(
                    "MASKLINE_API_KEYS", API_KEY, "MASKLINE_ARI_USER", Sandbox.ARI_USER,
                    "MASKLINE_ARI_PASSWORD", Sandbox.ARI_PASSWORD, "MASKLINE_ARI_URL", Sandbox.ARI_URL,
                    "MASKLINE_RING_TIMEOUT_SECONDS", "10", "MASKLINE_DB_POOL_SIZE", "10"));
            env.put("MASKLINE_HTTP_ADDR", "127.0.0.1:18081");
            env.put("MASKLINE_INSTANCE_ID", "bench-a");
            MasklineProcess active = MasklineProcess.start(project, work, "maskline-a.log", schema.url(), List.of("-Xmx256m"),
                    env, "ARI event socket up");
            env.put("MASKLINE_HTTP_ADDR", "127.0.0.1:18082");
            env.put("MASKLINE_INSTANCE_ID", "bench-b");
            MasklineProcess standby = MasklineProcess.start(project, work, "maskline-b.log", schema.url(), List.of("-Xmx256m"),
                    env, "Maskline started");
            try {
                if (!standby.logContains("standby")) throw new IllegalStateException("the second instance is not a standby:\n" + standby.tail(10));
                failoverRun(active, standby);
            } finally {
                active.close();
                standby.close();
            }
        }
    }

    private void failoverRun(MasklineProcess active, MasklineProcess standby) throws Exception {
        int calls = failoverRate * failoverSeconds;
        int hold = 2000;
        long killMicros;
        double takeoverS = Double.NaN;
        try (SippRun callee = SippRun.start(sandbox, "callee", calleeXml(), null, true, List.of("-p", "5070"))) {
            callee.awaitBound(5070, 10_000);
            try (SippRun caller = SippRun.start(sandbox, "caller", callerXml(5000, hold), callLines(Side.MASKLINE, calls), true,
                    List.of("-i", "127.0.0.1", "-p", String.valueOf(CALLER_PORT_BASE + (trialNo++ % 20)),
                            "-r", String.valueOf(failoverRate), "-rp", "1000", "-m", String.valueOf(calls), "-l", "400", "-aa"))) {
                Thread.sleep(failoverSeconds * 1000L / 4); // the bench's schedule: calls flow for a quarter of the run
                killMicros = System.currentTimeMillis() * 1000;
                long killed = System.nanoTime();
                active.kill();
                say("  killed the active instance (pid " + active.pid() + ") with SIGKILL");
                long end = killed + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < end) {
                    if (standby.logContains("this instance is active")) {
                        takeoverS = (System.nanoTime() - killed) / 1e9;
                        break;
                    }
                    Thread.sleep(10); // another process's log, polled with a deadline
                }
                Integer rc = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(failoverSeconds + 30L);
                while (rc == null && System.nanoTime() < deadline) rc = caller.await(500);
                if (rc == null) note("failover: the caller SIPp was still running at its deadline");
                callee.stopGracefully(3000);
                Map<String, String> st = caller.finalStats();
                long ok = SippRun.count(st, "SuccessfulCall(C)");
                long failed = SippRun.count(st, "FailedCall(C)");
                MessageLog.Times c = MessageLog.read(caller.messages(), CALLER_PREFIX, CALLEE_PREFIX);
                long before = 0;
                long beforeAnswered = 0;
                long afterLost = 0;
                long firstOkAfter = Long.MAX_VALUE;
                for (var e : c.inviteSent().entrySet()) {
                    Long okAt = c.okReceived().get(e.getKey());
                    if (e.getValue() < killMicros) {
                        before++;
                        if (okAt != null) beforeAnswered++;
                    } else if (okAt == null) {
                        afterLost++;
                    } else {
                        firstOkAfter = Math.min(firstOkAfter, okAt - killMicros);
                    }
                }
                int left = ari.awaitNoChannels(Duration.ofSeconds(20));
                failover.put("calls", String.valueOf(calls));
                failover.put("ok", String.valueOf(ok));
                failover.put("failed", String.valueOf(failed));
                failover.put("beforeKill", before + " placed, " + beforeAnswered + " answered");
                failover.put("lostAfter", String.valueOf(afterLost));
                failover.put("takeover", f(takeoverS));
                failover.put("recover", firstOkAfter == Long.MAX_VALUE ? "n/a" : f(firstOkAfter / 1e6));
                failover.put("left", String.valueOf(left));
                say(String.format("  %d calls: %d succeeded, %d failed (%d placed after the kill were not answered); "
                        + "standby active %.2f s after the kill; first call after the kill answered %s s after it; %d channel(s) left",
                        calls, ok, failed, afterLost, takeoverS, failover.get("recover"), left));
                if (failed > 0) say("  failure kinds: " + failureKinds(st));
                if (left > 0) ari.hangupAll();
            }
        }
    }

    // ---- 4. API -------------------------------------------------------------------------------

    /** The store engineer's StoreBench (scripts/bench-store), on H2 only, sized to fit the bench's budget. */
    private StoreBench.Result api;
    private StoreBench.Result apiDelayed;

    private void api() throws Exception {
        // StoreBench reads its sizes from system properties when its class loads: set them first.
        System.setProperty("bench.storeSessions", System.getProperty("bench.storeSessions", "10000"));
        System.setProperty("bench.httpSessions", System.getProperty("bench.httpSessions", "10000"));
        System.setProperty("bench.lookups", System.getProperty("bench.lookups", "50000"));
        System.setProperty("bench.threads", System.getProperty("bench.threads", "8"));
        say("4/5 API on H2 (StoreBench): session creations per second in the store and through POST /v1/sessions, route look-ups");
        Path dir = work.resolve("store");
        Files.createDirectories(dir);
        api = StoreBench.run("H2 (file)", new StoreSettings("jdbc:h2:file:" + dir.resolve("bench").toAbsolutePath(), "", "", 16,
                Duration.ofDays(90)));
        say(String.format("  store %.0f sessions/s, HTTP %.0f sessions/s; look-up p50 %.1f us, p99 %.1f us",
                api.storePerSecond(), api.httpPerSecond(), api.p50Micros(), api.p99Micros()));
        // What durability costs: the same run with H2's old 500 ms write delay, which lost acknowledged
        // sessions to kill -9 (Maskline now writes each commit before answering: WRITE_DELAY=0).
        apiDelayed = StoreBench.run("H2 (file, WRITE_DELAY=500)", new StoreSettings("jdbc:h2:file:"
                + dir.resolve("bench-delayed").toAbsolutePath() + ";WRITE_DELAY=500", "", "", 16, Duration.ofDays(90)));
        say(String.format("  with the old 500 ms write delay (not durable): store %.0f sessions/s, HTTP %.0f sessions/s",
                apiDelayed.storePerSecond(), apiDelayed.httpPerSecond()));
    }

    // ---- 6. recording on versus off (issue 15) -------------------------------------------------

    private final Map<Boolean, Trial> recFixed = new LinkedHashMap<>();
    private final Map<Boolean, Search> recSearch = new LinkedHashMap<>();
    private String recCollected = "n/a";
    private RecordingBench.Rtf rtf;

    private void recording() throws Exception {
        int rate = 20;
        int calls = rate * 10;
        int hold = 2000;
        say(String.format("6/6 recording on versus off: %d calls at %d calls/s held %d s each way, then the highest rate with"
                + " zero failed calls each way, then the transcriber's real-time factor", calls, rate, hold / 1000));
        Path dir = work.resolve("recordings");
        for (boolean on : new boolean[] {false, true, true, false}) {
            recordedCalls = on;
            long before = RecordingBench.wavFiles(dir);
            Trial t = trial(Side.MASKLINE, rate, calls, hold, true, on ? "recorded" : "unrecorded");
            Trial acc = recFixed.get(on);
            if (acc == null) {
                recFixed.put(on, t);
            } else {
                acc.calls += t.calls;
                acc.ok += t.ok;
                acc.failed += t.failed;
                acc.made += t.made;
                acc.setupMs.addAll(t.setupMs);
                acc.asteriskCpuMs += t.asteriskCpuMs;
                acc.masklineCpuMs += t.masklineCpuMs;
                if (!t.pass) acc.why = t.why;
            }
            if (on) {
                // Every recorded call's file is fetched and joined within a few seconds of its end.
                long t0 = System.nanoTime();
                long got = RecordingBench.awaitWavFiles(dir, before + t.ok, Duration.ofSeconds(60));
                recCollected = String.format("%d of %d, the last %.1f s after the trial", got - before, t.ok,
                        (System.nanoTime() - t0) / 1e9);
                say("  recordings collected: " + recCollected);
            }
        }
        for (boolean on : new boolean[] {false, true}) recSearch.put(on, new Search());
        int step = 0;
        // Its own budget: the bench's clock also counts the wait for the sandbox's lock.
        long searchEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (recSearch.values().stream().anyMatch(x -> !x.done(5)) && System.nanoTime() < searchEnd) {
            boolean[] order = step++ % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false};
            for (boolean on : order) {
                Search se = recSearch.get(on);
                if (se.done(5)) continue;
                recordedCalls = on;
                int r = se.next(searchStart);
                Trial t = trial(Side.MASKLINE, r, r * searchSeconds, holdMs, false, "rec-search", true);
                se.trials++;
                if (t.pass) se.pass = Math.max(se.pass, r);
                else se.fail = Math.min(se.fail, r);
                se.log.add(r + (t.pass ? " pass" : " FAIL"));
            }
        }
        recordedCalls = false;
        rtf = RecordingBench.realTimeFactor(project, work);
        say(String.format("  transcriber: %.0f s of speech; real-time factor %.2f (one stream; CPU %.2f), %.2f per stream with two at once",
                rtf.audioSeconds(), rtf.single(), rtf.cpu(), rtf.pairEach()));
    }

    // ---- 6. webhooks (issue 16) ------------------------------------------------------------------

    /** Hop trials by "mode/rate": no hook, intercept, routing webhook (mode always). */
    private final Map<String, Trial> hookHop = new LinkedHashMap<>();
    private final List<WebhookBench.Rate> outboxRates = new ArrayList<>();
    private final List<WebhookBench.Decision> decisions = new ArrayList<>();

    private void webhooks() throws Exception {
        say("webhooks: the hop with an intercept and with the routing webhook, beside none (a backend that answers at once,"
                + " in this JVM); then the outbox's delivery rate");
        String db = "jdbc:h2:file:" + work.resolve("maskline").toAbsolutePath();
        try (WebhookBench.Backend backend = WebhookBench.Backend.start(c -> CALLEE_PREFIX + c.substring(CALLER_PREFIX.length()),
                POOL_B)) {
            // Two rounds, the second in reverse order, so that a drift in the machine's load weighs on every mode alike.
            List<String> modes = List.of("none", "intercept", "route");
            for (int round = 0; round < 2; round++) {
                List<String> order = new ArrayList<>(modes);
                if (round == 1) java.util.Collections.reverse(order);
                for (String mode : order) {
                    Map<String, String> env = new LinkedHashMap<>(masklineEnv());
                    env.putAll(backend.env(mode));
                    maskline = MasklineProcess.start(project, work, "maskline-" + mode + "-" + round + ".log", db,
                            List.of("-Xmx256m"), env, "ARI event socket up");
                    try {
                        trial(Side.MASKLINE, 10, 30, 200, false, "warm-up " + mode);
                        for (int rate : new int[] {5, 20}) {
                            Trial t = trial(Side.MASKLINE, rate, rate * hopSeconds, holdMs, true, "hop, " + mode);
                            Trial acc = hookHop.computeIfAbsent(mode + "/" + rate, k -> new Trial());
                            acc.hopMs.addAll(t.hopMs);
                            acc.failed += t.failed;
                            acc.calls += t.calls;
                        }
                        List<String> problems = maskline.problems(5);
                        if (!problems.isEmpty()) note("Maskline (" + mode + ") logged WARN/ERROR lines, first: " + problems.get(0));
                    } finally {
                        maskline.close();
                        maskline = null;
                    }
                }
            }
            decisions.addAll(WebhookBench.decisions(backend, Integer.getInteger("bench.decisions", 2000)));
            for (var d : decisions) {
                say(String.format("  route decision, %s: p50 %.3f ms, p99 %.3f ms (%d)", d.mode(), d.p50Ms(), d.p99Ms(), d.n()));
            }
            for (var e : hookHop.entrySet()) {
                Stats h = new Stats(e.getValue().hopMs);
                say(String.format("  %s: hop p50 %.1f ms, p99 %.1f ms (%d samples, %d failed)", e.getKey(), h.p(50), h.p(99), h.n(),
                        e.getValue().failed));
            }
        }
        int n = Integer.getInteger("bench.outboxEvents", 10_000);
        Path dir = work.resolve("outbox");
        Files.createDirectories(dir);
        outboxRates.add(WebhookBench.deliveryRate("H2 (file)", new StoreSettings("jdbc:h2:file:"
                + dir.resolve("outbox").toAbsolutePath(), "", "", 16, Duration.ofDays(1)), n));
        try (var schema = org.maskline.testsupport.PostgresSandbox.freshSchema()) {
            outboxRates.add(WebhookBench.deliveryRate("PostgreSQL", new StoreSettings(schema.url(), "", "", 16, Duration.ofDays(1)), n));
        } catch (RuntimeException e) {
            note("outbox rate on PostgreSQL not measured: " + e.getMessage());
        }
        for (WebhookBench.Rate r : outboxRates) {
            say(String.format("  outbox on %s: %d events delivered in %.1f s: %.0f events/s (filled at %.0f sessions/s)",
                    r.label(), r.events(), r.seconds(), r.perSecond(), r.fillPerSecond()));
        }
    }

    private void webhookReport(StringBuilder o) {
        if (hookHop.isEmpty() && outboxRates.isEmpty()) return;
        o.append("\nWebhooks: the hop beside no hook (one Maskline process per column, same Asterisk and database; the backend"
                + " answers at once)\n\n| measure | no hook | intercept | routing webhook (always) |\n|---|---|---|---|\n");
        for (int rate : new int[] {5, 20}) {
            Trial none = hookHop.get("none/" + rate);
            Trial ic = hookHop.get("intercept/" + rate);
            Trial rt = hookHop.get("route/" + rate);
            if (none == null || ic == null || rt == null) continue;
            Stats a = new Stats(none.hopMs);
            Stats b = new Stats(ic.hopMs);
            Stats c = new Stats(rt.hopMs);
            for (int pc : new int[] {50, 99}) {
                o.append(String.format(Locale.ROOT, "| hop p%d at %d calls/s (ms) | %s | %s (%+.1f) | %s (%+.1f) |%n", pc, rate,
                        f(a.p(pc)), f(b.p(pc)), b.p(pc) - a.p(pc), f(c.p(pc)), c.p(pc) - a.p(pc)));
            }
            o.append(String.format("| samples / failed calls at %d calls/s | %d / %d | %d / %d | %d / %d |%n", rate,
                    a.n(), none.failed, b.n(), ic.failed, c.n(), rt.failed));
        }
        for (String mode : List.of("none", "intercept", "route")) {
            List<WebhookBench.Decision> ds = decisions.stream().filter(d -> d.mode().equals(mode)).toList();
            if (ds.isEmpty()) continue;
            o.append(String.format(Locale.ROOT, "| route decision alone, %s: p50 / p99 (ms; store + hook, no SIP; two runs) | %s |%n",
                    mode, String.join(" ; ", ds.stream().map(d -> String.format(Locale.ROOT, "%.3f / %.3f", d.p50Ms(), d.p99Ms())).toList())));
        }
        for (WebhookBench.Rate r : outboxRates) {
            o.append(String.format(Locale.ROOT, "| outbox delivery on %s: %d events, full to empty (events/s) | %.0f | | |%n",
                    r.label(), r.events(), r.perSecond()));
        }
    }

    // ---- report -------------------------------------------------------------------------------

    // ---- 6. text messages (issue 13) ---------------------------------------------------------

    static final int[] MESSAGE_RATES = {20, 50};

    /** One message relay trial: each carrier MESSAGE's time out of the sender, and in at the recipient. */
    static final class MessageTrial {
        final List<Double> latencyMs = new ArrayList<>();
        long lost;
    }

    private final Map<String, MessageTrial> relays = new LinkedHashMap<>();
    /** Each Maskline sender writes once per run, well under MASKLINE_SMS_PER_MINUTE; baseline numbers need no session. */
    private int nextSender = 0;

    /**
     * The relay's added latency: the carrier's MESSAGE leaving SIPp to the recipient's MESSAGE arriving
     * at SIPp, through Maskline (ARI event, route, sendMessage) and, beside it, through the sandbox's
     * plain dialplan {@code MessageSend()} (messages from the baseline address, [sandbox-bench-messages]).
     */
    private void messages() throws Exception {
        say("6/6 message relay: carrier's MESSAGE out -> recipient's MESSAGE in, at " + MESSAGE_RATES[0] + " and "
                + MESSAGE_RATES[1] + " messages/s");
        for (Side s : Side.values()) {
            MessageTrial w = messageTrial(s, 10, 20);
            if (w.lost > 0) note("message warm-up through " + s.label + " lost " + w.lost);
        }
        for (int rate : MESSAGE_RATES) {
            for (Side s : rate == MESSAGE_RATES[0] ? new Side[] {Side.MASKLINE, Side.BASELINE} : new Side[] {Side.BASELINE, Side.MASKLINE}) {
                relays.put(rate + "/" + s, messageTrial(s, rate, rate * messageSeconds));
            }
        }
    }

    private MessageTrial messageTrial(Side side, int rate, int count) throws Exception {
        MessageTrial t = new MessageTrial();
        List<String> lines = new ArrayList<>(count);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int k = nextSender++ % PAIRS;
            String text = "bench " + side.name().toLowerCase(java.util.Locale.ROOT) + " " + trialNo + " " + i;
            String dialed = side == Side.MASKLINE ? proxies[k] : BASELINE_PREFIX + callee(k).substring(1);
            lines.add(caller(k) + ";" + dialed + ";" + text);
            texts.add(text);
        }
        String sink = Files.readString(project.resolve("scripts/sipp/message-sink.xml"));
        String sender = Files.readString(project.resolve("scripts/sipp/message-sender.xml")).replace("@EXPECT@", "202");
        try (SippRun phones = SippRun.start(sandbox, "msg-sink", sink, null, true, List.of("-p", "5070", "-m", String.valueOf(count)))) {
            phones.awaitBound(5070, 10_000);
            try (SippRun carrier = SippRun.start(sandbox, "msg-carrier", sender, lines, true,
                    List.of("-i", side == Side.BASELINE ? BASELINE_IP : "127.0.0.1",
                            "-p", String.valueOf(CALLER_PORT_BASE + (trialNo++ % 20)), "-r", String.valueOf(rate), "-rp", "1000",
                            "-m", String.valueOf(count)))) {
                long deadline = (long) (count * 1000.0 / rate) + 15_000;
                if (carrier.await(deadline) == null) note("message trial through " + side.label + ": the carrier did not finish");
                if (phones.await(10_000) == null) note("message trial through " + side.label + ": the phones did not get every message");
                Map<String, Long> out = MessageTimes.read(carrier.dir.resolve("messages.log"), true);
                Map<String, Long> in = MessageTimes.read(phones.dir.resolve("messages.log"), false);
                for (String text : texts) {
                    Long a = out.get(text);
                    Long b = in.get(text);
                    if (a == null || b == null) t.lost++;
                    else t.latencyMs.add((b - a) / 1000.0);
                }
            }
        }
        return t;
    }

    private void report() throws IOException {
        StringBuilder o = new StringBuilder();
        o.append(String.format("%nMaskline benchmark, %s, %d cores (%s), %s, JDK %s; bench took %.0f s%n%n",
                LocalDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(), cpuModel(),
                asteriskVersion(), System.getProperty("java.version"), elapsed()));
        o.append("| measure | Maskline | plain Dial() | ratio M/B | target |\n|---|---|---|---|---|\n");
        for (int rate : new int[] {5, 20}) {
            Trial m = hop.get(rate + "/" + Side.MASKLINE);
            Trial b = hop.get(rate + "/" + Side.BASELINE);
            if (m == null || b == null) continue;
            Stats hm = new Stats(m.hopMs);
            Stats hb = new Stats(b.hopMs);
            for (int pc : new int[] {50, 95, 99}) {
                row(o, String.format("hop p%d at %d calls/s (ms)", pc, rate), f(hm.p(pc)), f(hb.p(pc)), ratio(hm.p(pc), hb.p(pc)),
                        rate == 20 && pc == 99 ? "≤ 20 ms" + verdict(hm.p(pc) <= 20) : "");
            }
            Stats sm = new Stats(m.setupMs);
            Stats sb = new Stats(b.setupMs);
            row(o, String.format("call set-up p50 / p99 at %d calls/s (INVITE → 200, ms; callee rings 10 ms)", rate),
                    f(sm.p(50)) + " / " + f(sm.p(99)), f(sb.p(50)) + " / " + f(sb.p(99)), ratio(sm.p(99), sb.p(99)), "");
            row(o, String.format("hop samples / failed calls at %d calls/s", rate), hm.n() + " / " + m.failed,
                    hb.n() + " / " + b.failed, "", "");
            row(o, String.format("CPU per call at %d calls/s, Asterisk + Maskline (ms)", rate),
                    f(m.asteriskCpuMs / m.calls) + " + " + f(m.masklineCpuMs / m.calls), f(b.asteriskCpuMs / b.calls) + " + 0", "", "");
        }
        for (int rate : MESSAGE_RATES) {
            MessageTrial m = relays.get(rate + "/" + Side.MASKLINE);
            MessageTrial b = relays.get(rate + "/" + Side.BASELINE);
            if (m == null || b == null) continue;
            Stats lm = new Stats(m.latencyMs);
            Stats lb = new Stats(b.latencyMs);
            for (int pc : new int[] {50, 95, 99}) {
                row(o, String.format("message relay p%d at %d messages/s (carrier's MESSAGE → recipient's, ms)", pc, rate),
                        f(lm.p(pc)), f(lb.p(pc)) + " (MessageSend())", ratio(lm.p(pc), lb.p(pc)), "");
            }
            row(o, String.format("messages relayed / lost at %d messages/s", rate), lm.n() + " / " + m.lost,
                    lb.n() + " / " + b.lost, "", "0 lost" + verdict(m.lost == 0));
        }
        if (!confirmed.isEmpty()) {
            Trial m = confirmed.get(Side.MASKLINE);
            Trial b = confirmed.get(Side.BASELINE);
            row(o, "search trials (" + searchSeconds + " s each, calls/s)", String.join(", ", searches.get(Side.MASKLINE).log),
                    String.join(", ", searches.get(Side.BASELINE).log), "", "");
            String mr = m == null ? "none" : m.rate + (m.pass ? "" : " (FAILED: " + shortWhy(m.why) + ")");
            String br = b == null ? "none" : b.rate + (b.pass ? "" : " (FAILED: " + shortWhy(b.why) + ")");
            double rm = m != null && m.pass ? m.rate : Double.NaN;
            double rb = b != null && b.pass ? b.rate : Double.NaN;
            row(o, "sustained rate, " + confirmSeconds + " s with zero failed calls (calls/s)", mr, br,
                    ratio(rm, rb), "≥ 90% of plain" + verdict(rm / rb >= 0.9));
            if (m != null && b != null) {
                row(o, "CPU per call in the confirmation, Asterisk + Maskline (ms)",
                        f(m.asteriskCpuMs / Math.max(1, m.made)) + " + " + f(m.masklineCpuMs / Math.max(1, m.made)),
                        f(b.asteriskCpuMs / Math.max(1, b.made)) + " + 0", "", "");
                row(o, "machine CPU busy in the confirmation (of 2 cores)", String.format("%.0f%%", 100 * m.machineBusyMs / (m.seconds * 1000 * Runtime.getRuntime().availableProcessors())),
                        String.format("%.0f%%", 100 * b.machineBusyMs / (b.seconds * 1000 * Runtime.getRuntime().availableProcessors())), "", "");
            }
        }
        if (!conc.isEmpty()) {
            row(o, conc.get("calls") + " concurrent calls held " + concurrentHoldS + " s: succeeded / failed",
                    conc.get("ok") + " / " + shortWhy(conc.get("failed")), "", "", "0 failed" + verdict(conc.get("failed").startsWith("0")));
            row(o, "  fewest two-party bridges seen in the window (" + conc.get("samples") + " samples)", conc.get("minBridges"), "", "",
                    conc.get("calls"));
            row(o, "  Maskline heap used, highest sample / live after full GC (MiB, -Xmx256m)", conc.get("heapMax") + " / " + conc.get("heapLive"),
                    "", "", "< 256" + verdict(!conc.get("heapLive").equals("n/a") && Double.parseDouble(conc.get("heapLive")) < 256));
            row(o, "  Maskline RSS / peak RSS (MiB), threads", conc.get("rss") + " / " + conc.get("hwm") + ", " + conc.get("threads"), "", "", "");
            row(o, "  Maskline CPU per call (ms)", conc.get("cpuPerCall"), "", "", "");
        }
        if (api != null) {
            String sizes = StoreBench.THREADS + " threads";
            row(o, "session creations on H2 through POST /v1/sessions (per s, " + sizes + ")", String.format("%.0f", api.httpPerSecond()),
                    "", "", "≥ 2,000" + verdict(api.httpPerSecond() >= 2000));
            row(o, "  the same in the store alone, no HTTP (per s)", String.format("%.0f", api.storePerSecond()), "", "", "");
            if (apiDelayed != null) {
                row(o, "  durability's cost: HTTP / store per s with H2's old 500 ms write delay (loses 201s to kill -9)",
                        String.format("%.0f / %.0f", apiDelayed.httpPerSecond(), apiDelayed.storePerSecond()), "", "", "");
            }
            row(o, "route look-up p50 / p99 / p99.9 (ms)", String.format(Locale.ROOT, "%.3f / %.3f / %.3f", api.p50Micros() / 1000,
                    api.p99Micros() / 1000, api.p999Micros() / 1000), "", "", "p99 ≤ 1 ms" + verdict(api.p99Micros() <= 1000));
        }
        if (!failover.isEmpty()) {
            row(o, "failover: " + failover.get("calls") + " calls at " + failoverRate + " calls/s, active killed (SIGKILL): succeeded / failed",
                    failover.get("ok") + " / " + failover.get("failed"), "", "", "");
            row(o, "  calls placed before the kill", failover.get("beforeKill"), "", "", "");
            row(o, "  calls placed after the kill and never answered", failover.get("lostAfter"), "", "", "");
            row(o, "  standby holds the lease, after the kill (s)", failover.get("takeover"), "", "", "≤ 5 s"
                    + verdict(!failover.get("takeover").equals("n/a") && Double.parseDouble(failover.get("takeover")) <= 5));
            row(o, "  time to recover: kill → first answered call placed after it (s)", failover.get("recover"), "", "", "");
            row(o, "  channels left in Asterisk afterwards", failover.get("left"), "", "", "0" + verdict(failover.get("left").equals("0")));
        }
        if (!recFixed.isEmpty()) {
            o.append("\n| recording (issue 15) | recording on | recording off | ratio on/off | |\n|---|---|---|---|---|\n");
            Trial on = recFixed.get(true);
            Trial off = recFixed.get(false);
            if (on != null && off != null) {
                Stats son = new Stats(on.setupMs);
                Stats soff = new Stats(off.setupMs);
                row(o, "calls at 20 calls/s, held 2 s: succeeded / failed", on.ok + " / " + on.failed, off.ok + " / " + off.failed, "", "");
                row(o, "call set-up p50 / p99 (ms)", f(son.p(50)) + " / " + f(son.p(99)), f(soff.p(50)) + " / " + f(soff.p(99)),
                        ratio(son.p(99), soff.p(99)), "");
                row(o, "Asterisk CPU per call (ms)", f(on.asteriskCpuMs / on.calls), f(off.asteriskCpuMs / off.calls),
                        ratio(on.asteriskCpuMs, off.asteriskCpuMs), "");
                row(o, "Maskline CPU per call (ms; recording: snoops, fetch, join)", f(on.masklineCpuMs / on.calls),
                        f(off.masklineCpuMs / off.calls), ratio(on.masklineCpuMs, off.masklineCpuMs), "");
                row(o, "recordings collected", recCollected, "", "", "all");
            }
            Search son = recSearch.get(true);
            Search soff = recSearch.get(false);
            if (son != null && soff != null) {
                row(o, "rate search (" + searchSeconds + " s trials, calls/s)", String.join(", ", son.log), String.join(", ", soff.log), "", "");
                row(o, "highest rate with zero failed calls (calls/s)", String.valueOf(son.pass), String.valueOf(soff.pass),
                        ratio(son.pass, soff.pass), "");
            }
            if (rtf != null) {
                row(o, String.format(Locale.ROOT, "transcriber real-time factor (PocketSphinx, %.0f s of speech; decode time / audio time)",
                        rtf.audioSeconds()), String.format(Locale.ROOT, "%.2f one stream (CPU time %.2f), %.2f each with two at once",
                        rtf.single(), rtf.cpu(), rtf.pairEach()), "", "", "< 1: keeps up");
            }
        }
        webhookReport(o);
        if (notes.length() > 0) o.append("\nNotes:\n").append(notes);
        System.out.println(o);
        Files.writeString(work.resolve("results.md"), o.toString());
        say("results written to " + work.resolve("results.md"));
    }

    private static String shortWhy(String why) {
        int cut = why.indexOf(" [");
        return cut > 0 ? why.substring(0, cut) : why;
    }

    private static void row(StringBuilder o, String what, String m, String b, String ratio, String target) {
        o.append("| ").append(what).append(" | ").append(m).append(" | ").append(b).append(" | ").append(ratio)
                .append(" | ").append(target).append(" |\n");
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }

    private static String ratio(double m, double b) {
        return Double.isNaN(m) || Double.isNaN(b) || b == 0 ? "" : String.format(Locale.ROOT, "%.2f", m / b);
    }

    private static String verdict(boolean ok) {
        return ok ? ": met" : ": MISSED";
    }

    // ---- helpers ------------------------------------------------------------------------------

    private double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void note(String s) {
        notes.append("- ").append(s).append('\n');
        say("note: " + s);
    }

    private void say(String s) {
        System.out.printf("[%5.1f s] %s%n", elapsed(), s);
        System.out.flush();
    }

    private long asteriskPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(project.resolve("scripts/asterisk-sandbox").toString(), "status").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        var m = java.util.regex.Pattern.compile("asterisk: running, pid (\\d+)").matcher(out);
        if (!m.find()) throw new IllegalStateException("cannot find Asterisk's pid:\n" + out);
        return Long.parseLong(m.group(1));
    }

    private String asteriskVersion() {
        if (sandbox == null) return "no Asterisk";
        try {
            return sandbox.cli("core show version").strip().split(" built")[0];
        } catch (RuntimeException e) {
            return "Asterisk ?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private synchronized void cleanup() {
        if (maskline != null) maskline.close();
        SippRun.closeAll();
    }
}
