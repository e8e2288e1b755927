package org.maskline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The recording part of scripts/bench (issue 15): counting the recordings Maskline collected, and the
 * transcriber's real-time factor (decode time over audio time) on this machine, for one stream and
 * for two at once (the machine has two cores).
 */
final class RecordingBench {
    private RecordingBench() {}

    /**
     * @param single   decode time / audio time for one stream (wall clock)
     * @param cpu      the decoder's CPU time / audio time for one stream (what it costs, whatever else runs)
     * @param pairEach decode time / audio time for each of two streams at once
     */
    record Rtf(double audioSeconds, double single, double cpu, double pairEach) {}

    /** About a minute of speech: what a short masked call holds. */
    static final String TEXT = "hello, this is your driver. i am outside the station, next to the yellow car."
            + " the traffic was bad this morning, so i am ten minutes late. please call me when you see me."
            + " i have your package, and the computer is ready for tomorrow. thank you, and have a good day.";

    static long wavFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".wav")).count();
        }
    }

    static long awaitWavFiles(Path dir, long want, Duration deadline) throws IOException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        long n;
        while ((n = wavFiles(dir)) < want && System.nanoTime() < end) {
            Thread.sleep(200); // polling the folder with a deadline: the collector announces nothing to the bench
        }
        return n;
    }

    static Rtf realTimeFactor(Path project, Path work) throws IOException, InterruptedException {
        Path run = project.resolve("scripts/transcriber/run");
        exec(List.of(run.toString(), "install"), 600);
        Path raw = work.resolve("speech.wav");
        Path tel = work.resolve("speech-8k.wav");
        exec(List.of("espeak-ng", "-v", "en-us+klatt2", "-s", "130", "-w", raw.toString(), TEXT + " " + TEXT + " " + TEXT), 120);
        exec(List.of("sox", raw.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed", tel.toString()), 60);
        List<Double> singles = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        double audio = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode r = transcribe(run, tel);
            audio = r.path("duration").asDouble();
            singles.add(r.path("seconds").asDouble() / audio);
            cpus.add(r.path("cpu_seconds").asDouble() / audio);
        }
        singles.sort(null);
        cpus.sort(null);
        // Two at once: each process decodes on its own core.
        Process a = start(run, tel);
        Process b = start(run, tel);
        JsonNode ra = result(a);
        JsonNode rb = result(b);
        double pair = (ra.path("seconds").asDouble() + rb.path("seconds").asDouble()) / 2 / audio;
        return new Rtf(audio, singles.get(1), cpus.get(1), pair);
    }

    private static JsonNode transcribe(Path run, Path file) throws IOException, InterruptedException {
        return result(start(run, file));
    }

    private static Process start(Path run, Path file) throws IOException {
        return new ProcessBuilder(run.toString(), "file", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static JsonNode result(Process p) throws IOException, InterruptedException {
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("the transcriber failed: " + new String(out));
        }
        return new ObjectMapper().readTree(out);
    }

    private static void exec(List<String> cmd, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + new String(out));
        }
    }
}
