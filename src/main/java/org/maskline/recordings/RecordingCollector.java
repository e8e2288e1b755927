package org.maskline.recordings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.maskline.ari.AriException;
import org.maskline.ari.StoredRecordings;
import org.maskline.calls.CallRecorder;
import org.maskline.store.RecordingRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the finished tracks of ended calls from Asterisk, joins them into the call's stereo WAV,
 * marks the recording ready (queuing its transcription), and deletes Asterisk's copies.
 *
 * <p>Driven two ways: a call that ends here is collected at once ({@link #soon}); and a sweep every
 * few seconds collects whatever the store says is due, which covers calls that ended while this
 * instance was not running or did not own them. A track still being written is waited for, with a
 * growing pause; one Asterisk does not stop by itself is stopped.
 */
public final class RecordingCollector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordingCollector.class);
    /** Tries before a recording with no track is given up. */
    static final int MAX_ATTEMPTS = 8;
    /** After this many tries a track that is still live is stopped (its leg is gone, it should have ended). */
    static final int STOP_LIVE_AFTER = 3;
    static final Duration SWEEP = Duration.ofSeconds(5);

    private final StoredRecordings asterisk;
    private final RecordingRepository repo;
    private final RecordingFiles files;
    private final boolean transcribe;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    RecordingCollector(StoredRecordings asterisk, RecordingRepository repo, RecordingFiles files, boolean transcribe,
                       Clock clock, ScheduledExecutorService timer) {
        this.asterisk = asterisk;
        this.repo = repo;
        this.files = files;
        this.transcribe = transcribe;
        this.clock = clock;
        this.timer = timer;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The call just ended: collect shortly (Asterisk closes the files as the snoops hang up). */
    void soon(String callId) {
        timer.schedule(() -> collectLogged(callId), 300, TimeUnit.MILLISECONDS);
    }

    void sweep() {
        try {
            for (String id : repo.due(clock.instant(), 50)) collectLogged(id);
        } catch (RuntimeException e) {
            log.warn("recording sweep failed: {}", e.getMessage());
        }
    }

    private void collectLogged(String callId) {
        if (!inProgress.add(callId)) return;
        try {
            collect(callId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            retry(callId, "collecting failed: " + e.getMessage());
        } finally {
            inProgress.remove(callId);
        }
    }

    /** One attempt: both tracks fetched and joined, or a retry planned. */
    void collect(String callId) throws IOException, InterruptedException {
        Optional<RecordingRepository.Recording> row = repo.find(callId);
        if (row.isEmpty() || row.get().status() != RecordingRepository.Status.RECORDING) return;
        int attempt = row.get().attempts() + 1;
        String a = Recorder.recordingName(callId + CallRecorder.CALLER_TRACK);
        String b = Recorder.recordingName(callId + CallRecorder.CALLEE_TRACK);
        Path ta = files.incoming().resolve(callId + "-a.wav");
        Path tb = files.incoming().resolve(callId + "-b.wav");
        try {
            boolean liveA = asterisk.liveState(a).isPresent();
            boolean liveB = asterisk.liveState(b).isPresent();
            if (liveA || liveB) {
                if (attempt >= STOP_LIVE_AFTER) {
                    if (liveA) asterisk.stop(a);
                    if (liveB) asterisk.stop(b);
                }
                retryOrFail(callId, attempt, "a track is still being recorded");
                return;
            }
            boolean hasA = asterisk.download(a, ta);
            boolean hasB = asterisk.download(b, tb);
            if (!hasA && !hasB) {
                retryOrFail(callId, attempt, "Asterisk holds no track of this call");
                return;
            }
            if ((!hasA || !hasB) && attempt < STOP_LIVE_AFTER) {
                retryOrFail(callId, attempt, "one track is missing");
                return;
            }
            Path target = files.of(callId).orElseThrow();
            Path part = files.incoming().resolve(callId + ".wav");
            Wav.Format f = Wav.joinStereo(hasA ? ta : null, hasB ? tb : null, part);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (!repo.ready(callId, f.durationMs(), Files.size(target), transcribe, clock.instant())) {
                Files.deleteIfExists(target); // deleted through the API meanwhile: keep nothing
            } else {
                RecordingMetrics.COLLECTED.inc();
                log.info("call {}: recording collected ({} s{})", callId, f.durationMs() / 1000,
                        hasA && hasB ? "" : hasA ? ", the callee's track missing" : ", the caller's track missing");
            }
            // Asterisk's copies go only once ours is safe.
            asterisk.delete(a);
            asterisk.delete(b);
        } catch (AriException e) {
            retryOrFail(callId, attempt, "ARI: " + e.getMessage());
        } finally {
            Files.deleteIfExists(ta);
            Files.deleteIfExists(tb);
        }
    }

    private void retry(String callId, String why) {
        try {
            int attempt = repo.find(callId).map(r -> r.attempts() + 1).orElse(1);
            retryOrFail(callId, attempt, why);
        } catch (RuntimeException e) {
            log.warn("call {}: recording not collected ({}); the store did not answer: {}", callId, why, e.getMessage());
        }
    }

    private void retryOrFail(String callId, int attempt, String why) {
        if (attempt >= MAX_ATTEMPTS) {
            log.warn("call {}: recording failed after {} attempts: {}", callId, attempt, why);
            repo.failed(callId, why);
            RecordingMetrics.FAILED.inc();
            return;
        }
        // 1, 2, 4 ... 64 s: a node that restarts, or a slow disk, gets a minute or two.
        Duration pause = Duration.ofSeconds(1L << Math.min(attempt - 1, 6));
        repo.retryAt(callId, attempt, clock.instant().plus(pause), why);
        RecordingMetrics.RETRIES.inc();
        log.debug("call {}: recording not collected yet ({}); next try in {} s", callId, why, pause.toSeconds());
        timer.schedule(() -> collectLogged(callId), pause.toMillis() + 50, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
