package org.maskline.store;

import java.time.Duration;
import org.maskline.testsupport.PostgresSandbox;

/** The message log and session mode on a real PostgreSQL (scripts/postgres-sandbox). */
class PostgresMessageLogIT extends MessageLogContract {
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
