package org.maskline.twilio;

import java.time.Duration;
import java.util.UUID;
import org.maskline.store.StoreSettings;

/** The Twilio SDK contract on embedded H2. */
class TwilioSdkH2Test extends TwilioSdkContract {
    @Override
    protected StoreSettings freshDatabase() {
        return new StoreSettings("jdbc:h2:mem:twilio-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 8, Duration.ofDays(90));
    }
}
