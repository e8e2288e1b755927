package org.maskline.twilio;

import java.time.Duration;
import org.maskline.store.StoreSettings;
import org.maskline.testsupport.PostgresSandbox;

/** The Twilio SDK contract on a real PostgreSQL (scripts/postgres-sandbox), one fresh schema per test. */
class TwilioSdkPostgresIT extends TwilioSdkContract {
    private PostgresSandbox.Schema schema;

    @Override
    protected StoreSettings freshDatabase() {
        schema = PostgresSandbox.freshSchema();
        return new StoreSettings(schema.url(), "", "", 8, Duration.ofDays(90));
    }

    @Override
    protected void dropDatabase() {
        schema.close();
    }
}
