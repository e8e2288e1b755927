package org.maskline.transcripts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.maskline.recordings.RecordingFiles;
import org.maskline.recordings.Wav;
import org.maskline.store.TranscriptRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the transcription queue: {@code concurrency} workers, each claiming one job at a time from
 * the {@code transcripts} table (so several instances share the queue), sending each party's
 * track to the engine, and storing the segments with their speaker and the QA flags. A failure
 * the engine calls retryable is tried again after a growing pause, up to {@code maxAttempts}.
 */
public final class TranscriptionWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TranscriptionWorkers.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often an idle worker looks at the queue (another instance may have queued work). */
    static final Duration IDLE_POLL = Duration.ofSeconds(1);
    static final String[] SPEAKERS = {"caller", "callee"};

    private final TranscriptRepository repo;
    private final RecordingFiles files;
    private final TranscriptionEngine engine;
    private final QaKeywords qa;
    private final int concurrency;
    private final int maxAttempts;
    private final Duration lease;
    private final String instance;
    private final Clock clock;
    private final List<Thread> threads = new ArrayList<>();
    private final Object idle = new Object();
    private volatile boolean running;

    /**
     * @param lease how long a claim holds: longer than two engine requests may take, so a live
     *              worker never loses its job, yet a dead one's job is taken over
     */
    public TranscriptionWorkers(TranscriptRepository repo, RecordingFiles files, TranscriptionEngine engine, QaKeywords qa,
                                int concurrency, int maxAttempts, Duration lease, String instance, Clock clock) {
        this.repo = repo;
        this.files = files;
        this.engine = engine;
        this.qa = qa;
        this.concurrency = concurrency;
        this.maxAttempts = maxAttempts;
        this.lease = lease;
        this.instance = instance;
        this.clock = clock;
    }

    public synchronized TranscriptionWorkers start() {
        running = true;
        for (int i = 0; i < concurrency; i++) {
            String worker = instance + "/t" + i;
            Thread t = Thread.ofPlatform().daemon().name("maskline-transcribe-" + i).start(() -> loop(worker));
            threads.add(t);
        }
        return this;
    }

    /** Work may be waiting: idle workers look now rather than at their next poll. */
    public void wake() {
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    private void loop(String worker) {
        while (running) {
            try {
                Optional<TranscriptRepository.Transcript> job = repo.claim(worker, clock.instant(), lease);
                if (job.isPresent()) {
                    run(worker, job.get());
                } else {
                    synchronized (idle) {
                        if (running) idle.wait(IDLE_POLL.toMillis());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The store is down: wait a little, the queue is in the database and nothing is lost.
                log.warn("transcription queue: {}", e.getMessage());
                try {
                    TimeUnit.SECONDS.sleep(2); // back-off while the database is unreachable
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** One job: both tracks transcribed and stored, or the job put back (or failed). */
    void run(String worker, TranscriptRepository.Transcript job) throws InterruptedException {
        String callId = job.callId();
        Optional<Path> recording = files.of(callId).filter(Files::exists);
        if (recording.isEmpty()) {
            repo.failed(callId, worker, "the recording is gone", clock.instant());
            TranscriptMetrics.JOBS.labelValues("failed").inc();
            return;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("maskline-transcribe");
            long started = System.nanoTime();
            double audioSeconds = 0;
            List<Segment> segments = new ArrayList<>();
            String language = null;
            for (int ch = 0; ch < SPEAKERS.length; ch++) {
                Path track = dir.resolve(SPEAKERS[ch] + ".wav");
                Wav.extractChannel(recording.get(), ch, track);
                audioSeconds += Wav.read(track).durationMs() / 1000.0;
                TranscriptionEngine.Result r = engine.transcribe(track);
                if (language == null) language = r.language();
                for (TranscriptionEngine.Segment s : r.segments()) segments.add(new Segment(SPEAKERS[ch], s));
            }
            segments.sort(Comparator.comparingDouble((Segment s) -> s.segment().start()));
            String text = segments.stream().map(s -> s.segment().text()).collect(Collectors.joining(" "));
            List<String> flags = qa.find(text);
            if (audioSeconds > 0) TranscriptMetrics.REAL_TIME_FACTOR.observe((System.nanoTime() - started) / 1e9 / audioSeconds);
            if (repo.done(callId, worker, language, body(text, segments), flags, clock.instant())) {
                TranscriptMetrics.JOBS.labelValues("done").inc();
                log.info("call {}: transcribed ({} segments{})", callId, segments.size(),
                        flags.isEmpty() ? "" : ", flagged for QA");
            }
        } catch (TranscriptionException e) {
            retryOrFail(worker, job, e.getMessage(), e.retryable());
        } catch (IOException e) {
            retryOrFail(worker, job, "reading the recording: " + e.getMessage(), true);
        } finally {
            deleteQuietly(dir);
        }
    }

    private void retryOrFail(String worker, TranscriptRepository.Transcript job, String why, boolean retryable) {
        var now = clock.instant();
        if (!retryable || job.attempts() >= maxAttempts) {
            log.warn("call {}: transcription failed after {} attempts: {}", job.callId(), job.attempts(), why);
            repo.failed(job.callId(), worker, why, now);
            TranscriptMetrics.JOBS.labelValues("failed").inc();
        } else {
            // 10 s, 20 s, 40 s ... at most 30 minutes: an engine that restarts, or is busy, gets time.
            Duration pause = Duration.ofSeconds(Math.min(1800, 10L << Math.min(job.attempts() - 1, 8)));
            log.info("call {}: transcription attempt {} failed ({}); trying again in {} s", job.callId(), job.attempts(),
                    why, pause.toSeconds());
            repo.retryAt(job.callId(), worker, now.plus(pause), why, now);
            TranscriptMetrics.JOBS.labelValues("retried").inc();
        }
    }

    private record Segment(String speaker, TranscriptionEngine.Segment segment) {}

    private static String body(String text, List<Segment> segments) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", text);
        ArrayNode list = root.putArray("segments");
        for (Segment s : segments) {
            list.addObject().put("speaker", s.speaker()).put("start", s.segment().start()).put("end", s.segment().end())
                    .put("text", s.segment().text());
        }
        return root.toString();
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            log.warn("could not clean up {}: {}", dir, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        wake();
        for (Thread t : threads) t.interrupt();
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }
}
