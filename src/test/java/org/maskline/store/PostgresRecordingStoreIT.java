package org.maskline.store;

import java.time.Duration;
import org.maskline.testsupport.PostgresSandbox;

/** Recordings and the transcription queue on a real PostgreSQL (scripts/postgres-sandbox), one fresh schema per test. */
class PostgresRecordingStoreIT extends RecordingStoreContract {
    private PostgresSandbox.Schema schema;

    @Override
    protected StoreSettings freshDatabase() {
        schema = PostgresSandbox.freshSchema();
        return new StoreSettings(schema.url(), "", "", 10, Duration.ofDays(90));
    }

    @Override
    protected void dropDatabase() {
        schema.close();
    }
}
