package org.maskline.store;

import java.time.Duration;
import org.maskline.testsupport.PostgresSandbox;

/** Issue 14's store contract on a real PostgreSQL, one fresh schema per test. */
class PostgresAfterTripStoreIT extends AfterTripStoreContract {
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
