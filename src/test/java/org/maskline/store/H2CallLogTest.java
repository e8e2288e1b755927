package org.maskline.store;

/** The call log's write path on H2. */
class H2CallLogTest extends CallLogContract {
    @Override
    protected StoreSettings freshDatabase() {
        return H2StoreTest.h2Memory();
    }
}
