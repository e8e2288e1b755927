package org.maskline.recordings;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.maskline.ari.AriClient;
import org.maskline.ari.StoredRecordings;
import org.maskline.calls.CallRecorder;
import org.maskline.config.RecordingConfig;
import org.maskline.store.Store;

/**
 * The recording side of one Asterisk node, while this instance is active: the recorder the call
 * router tells about calls, and the collector that fetches finished recordings.
 *
 * <pre>{@code
 * Recordings rec = Recordings.start(ari, store, config.recording(), config.maxCallDuration(), clock);
 * router.recorder(rec.recorder());
 * }</pre>
 */
public final class Recordings implements AutoCloseable {
    private final Recorder recorder;
    private final RecordingCollector collector;
    private final ExecutorService blocking;

    private Recordings(Recorder recorder, RecordingCollector collector, ExecutorService blocking) {
        this.recorder = recorder;
        this.collector = collector;
        this.blocking = blocking;
    }

    public static Recordings start(AriClient ari, Store store, RecordingConfig config, Duration maxCall, Clock clock) {
        RecordingFiles files = new RecordingFiles(config.dir()).open();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maskline-recordings");
            t.setDaemon(true);
            return t;
        });
        ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
        RecordingCollector collector = new RecordingCollector(new StoredRecordings(ari.config()), store.recordings(), files,
                config.transcribeUrl().isPresent(), clock, timer);
        Recorder recorder = new Recorder(ari, store.recordings(), collector, config.announcement(), maxCall, blocking, clock);
        collector.start();
        return new Recordings(recorder, collector, blocking);
    }

    public CallRecorder recorder() {
        return recorder;
    }

    /** Collects every recording that is due now (tests; the collector also sweeps by itself). */
    public void collectDue() {
        collector.sweep();
    }

    @Override
    public void close() {
        collector.close();
        blocking.shutdown();
    }
}
