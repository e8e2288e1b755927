package org.maskline.store;

/** The message log and session mode on embedded H2. */
class H2MessageLogTest extends MessageLogContract {
    @Override
    protected StoreSettings freshDatabase() {
        return H2StoreTest.h2Memory();
    }
}
