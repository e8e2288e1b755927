package org.maskline.store;

import java.time.Duration;
import org.maskline.testsupport.PostgresSandbox;

/** The call log's write path on a real PostgreSQL (scripts/postgres-sandbox). */
class PostgresCallLogIT extends CallLogContract {
    private PostgresSandbox.Schema schema;

    @Override
    protected StoreSettings freshDatabase() {
        schema = PostgresSandbox.freshSchema();
        return new StoreSettings(schema.url(), "", "", 4, Duration.ofDays(90));
    }

    @Override
    protected void dropDatabase() {
        schema.close();
    }
}
