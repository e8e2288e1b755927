package org.maskline.store;

import java.time.Duration;
import org.maskline.testsupport.PostgresSandbox;

/** The store contract on a real PostgreSQL (scripts/postgres-sandbox), one fresh schema per test. */
class PostgresStoreIT extends StoreContract {
    private PostgresSandbox.Schema schema;

    @Override
    protected StoreSettings freshDatabase() {
        schema = PostgresSandbox.freshSchema();
        return new StoreSettings(schema.url(), "", "", 40, Duration.ofDays(90));
    }

    @Override
    protected void dropDatabase() {
        schema.close();
    }
}
