package org.maskline.store;

/** The webhook outbox on embedded H2. */
class H2WebhookOutboxTest extends WebhookOutboxContract {
    @Override
    protected StoreSettings freshDatabase() {
        return H2StoreTest.h2Memory();
    }
}
