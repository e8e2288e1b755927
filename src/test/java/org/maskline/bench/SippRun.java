package org.maskline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.maskline.it.Sandbox;

/**
 * One SIPp process inside the sandbox, for the benchmark: a caller that places a fixed number of
 * calls at a fixed rate, or the callee side on the trunk's port. Its files (scenario, injection
 * file, stats, optional message trace) live in a fresh folder under the chroot's /tmp.
 */
final class SippRun implements AutoCloseable {
    static final String BASE = "/tmp/maskline-bench";
    private static final java.util.Set<SippRun> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    final String name;
    final Path dir;
    private final Process process;
    private final long startedNanos = System.nanoTime();

    private SippRun(String name, Path dir, Process process) {
        this.name = name;
        this.dir = dir;
        this.process = process;
    }

    /**
     * @param scenarioXml  the scenario, template values already filled in
     * @param callLines    injection-file lines (field0;field1;...), or null for a callee
     * @param args         further SIPp arguments (-r, -m, -p, -i ...)
     * @param trace        record every message with its timestamp (-trace_msg)
     */
    static SippRun start(Sandbox sandbox, String label, String scenarioXml, List<String> callLines, boolean trace,
                         List<String> args) throws IOException {
        String run = label + "-" + UUID.randomUUID().toString().substring(0, 8);
        String inside = BASE + "/" + run;
        Path host = sandbox.root().resolve(inside.substring(1));
        Files.createDirectories(host);
        Files.writeString(host.resolve("scenario.xml"), scenarioXml);
        List<String> a = new ArrayList<>();
        boolean uac = callLines != null;
        if (uac) a.add("127.0.0.1:5060");
        // The phone's own address: 127.0.0.1 (the carrier) unless args name another with -i.
        if (!args.contains("-i")) a.addAll(List.of("-i", "127.0.0.1"));
        a.addAll(List.of("-sf", inside + "/scenario.xml", "-nostdin",
                "-trace_stat", "-stf", inside + "/stats.csv", "-fd", "1",
                "-trace_err", "-error_file", inside + "/errors.log"));
        if (trace) a.addAll(List.of("-trace_msg", "-message_file", inside + "/messages.log"));
        if (uac) {
            Files.writeString(host.resolve("calls.csv"), "SEQUENTIAL\n" + String.join("\n", callLines) + "\n");
            a.addAll(List.of("-inf", inside + "/calls.csv"));
        }
        a.addAll(args);
        Process p = new ProcessBuilder(sandbox.sippCommand(a))
                .redirectErrorStream(true).redirectOutput(host.resolve("sipp.out").toFile()).start();
        SippRun r = new SippRun(run, host, p);
        RUNNING.add(r);
        return r;
    }

    /** Stops every SIPp this JVM started and that still runs (the bench's shutdown hook). */
    static void closeAll() {
        for (SippRun r : RUNNING) r.close();
    }

    /** Waits for SIPp to exit by itself; returns its exit code, or null if it was still running at the deadline. */
    Integer await(long millis) throws InterruptedException {
        if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) return null;
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    double secondsRunning() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** Waits until SIPp holds its UDP port (the callee must be listening before any call is placed). */
    void awaitBound(int port, long millis) throws IOException, InterruptedException {
        String hex = String.format(":%04X ", port);
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("SIPp " + name + " exited before binding port " + port + ":\n"
                        + Files.readString(dir.resolve("sipp.out")));
            }
            for (String line : Files.readAllLines(Path.of("/proc/net/udp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 1 && (f[1] + " ").endsWith(hex)) return;
            }
            Thread.sleep(20); // polling the kernel's socket table: nothing announces a bind
        }
        throw new IllegalStateException("SIPp " + name + " did not bind UDP port " + port);
    }

    /** The last row of SIPp's statistics file, by column name (cumulative counters end in "(C)"). */
    Map<String, String> finalStats() throws IOException {
        List<Map<String, String>> rows = stats();
        return rows.isEmpty() ? Map.of() : rows.get(rows.size() - 1);
    }

    /** Every row of SIPp's statistics file (one a second with -fd 1, and one at the end). */
    List<Map<String, String>> stats() throws IOException {
        Path f = dir.resolve("stats.csv");
        List<Map<String, String>> out = new ArrayList<>();
        if (!Files.exists(f)) return out;
        List<String> lines = Files.readAllLines(f);
        if (lines.isEmpty()) return out;
        String[] head = lines.get(0).split(";");
        for (int i = 1; i < lines.size(); i++) {
            String[] v = lines.get(i).split(";");
            Map<String, String> row = new HashMap<>();
            for (int j = 0; j < head.length && j < v.length; j++) row.put(head[j].strip(), v[j].strip());
            out.add(row);
        }
        return out;
    }

    static long count(Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null || v.isBlank()) return 0;
        try {
            return (long) Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Epoch seconds of a time column ("2026-11-22\t02:25:47.125924\t1795314347.125924"). */
    static double epoch(Map<String, String> row, String column) {
        String v = row.getOrDefault(column, "").strip();
        String[] parts = v.split("\\s+");
        return parts.length == 0 || parts[parts.length - 1].isEmpty() ? 0 : Double.parseDouble(parts[parts.length - 1]);
    }

    Path messages() {
        return dir.resolve("messages.log");
    }

    String output() {
        try {
            return Files.readString(dir.resolve("sipp.out"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * SIPp's error file in short: how many calls it aborted and the first reason. Left out: the
     * "receive timeout ... jumping to label" lines (our hold timer) and messages of earlier trials'
     * dialogs that Asterisk still retransmits ("can't be mapped"), counted apart.
     */
    String errorSummary() {
        try {
            Path e = dir.resolve("errors.log");
            if (!Files.exists(e)) return "";
            String text = Files.readString(e);
            String[] events = text.split("(?m)^(?=\\d{4}-\\d{2}-\\d{2}\t)");
            int aborted = 0;
            int stale = 0;
            String first = null;
            for (String ev : events) {
                if (ev.contains("can't be mapped")) stale++;
                else if (ev.contains("Aborting") || ev.contains("unexpected") || ev.contains("retransmission")) {
                    aborted++;
                    if (first == null) first = ev.replaceAll("\\s+", " ").strip();
                }
            }
            if (first != null && first.length() > 260) first = first.substring(0, 260) + "...";
            return (aborted > 0 ? aborted + " aborted, first: " + first : "")
                    + (stale > 0 ? (aborted > 0 ? "; " : "") + stale + " stray message(s) of earlier dialogs" : "");
        } catch (IOException ex) {
            return "";
        }
    }

    String errors(int maxChars) {
        try {
            Path e = dir.resolve("errors.log");
            if (!Files.exists(e)) return "";
            String s = Files.readString(e);
            return s.length() > maxChars ? s.substring(0, maxChars) + "..." : s;
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Ends a callee SIPp once the caller is done: SIGUSR1 makes SIPp stop taking calls and exit when
     * its calls have ended, flushing its files; force after the deadline. (A callee with -m N is no
     * good: a late in-dialog INVITE from Asterisk for a dialog SIPp already forgot starts a "call" of
     * its own, uses one of the N, and the trial's last real call then never gets an answer.)
     */
    void stopGracefully(long millis) throws IOException, InterruptedException {
        if (!process.isAlive()) return;
        new ProcessBuilder("kill", "-USR1", String.valueOf(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) close();
    }

    /** Stops SIPp: politely first (SIGTERM lets it flush its files), then by force. */
    @Override
    public void close() {
        RUNNING.remove(this);
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void delete() {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leftovers under the chroot's /tmp are harmless
        }
    }
}
