package org.maskline.recordings;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.maskline.store.RecordingRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes recordings past {@code MASKLINE_RECORDING_RETENTION_DAYS}, and the recordings and
 * transcripts of calls the call log has purged: nothing personal outlives its call.
 */
public final class RecordingSweeper {
    private static final Logger log = LoggerFactory.getLogger(RecordingSweeper.class);
    private static final int BATCH = 500;

    private final RecordingRepository repo;
    private final RecordingFiles files;
    private final Duration retention;
    private final Clock clock;

    public RecordingSweeper(RecordingRepository repo, RecordingFiles files, Duration retention, Clock clock) {
        this.repo = repo;
        this.files = files;
        this.retention = retention;
        this.clock = clock;
    }

    /** One pass. @return recordings deleted */
    public int sweepOnce() {
        int deleted = 0;
        List<String> due;
        do {
            // A call's row can wait in the call-log queue during a database outage: an hour's grace.
            due = repo.expired(clock.instant().minus(retention), clock.instant().minus(Duration.ofHours(1)), BATCH);
            for (String id : due) {
                try {
                    files.delete(id);
                    repo.markDeleted(id);
                    deleted++;
                } catch (IOException e) {
                    log.warn("call {}: could not delete its recording: {}", id, e.getMessage());
                    return deleted;
                }
            }
        } while (due.size() == BATCH);
        int rows = 0;
        int n;
        do {
            n = repo.purgeOrphans(BATCH);
            rows += n;
        } while (n > 0 && rows < 100_000);
        if (deleted + rows > 0) log.info("recordings: {} deleted after their retention, {} rows of purged calls removed", deleted, rows);
        return deleted;
    }
}
