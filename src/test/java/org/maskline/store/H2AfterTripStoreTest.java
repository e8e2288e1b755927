package org.maskline.store;

/** Issue 14's store contract on embedded H2. */
class H2AfterTripStoreTest extends AfterTripStoreContract {
    @Override
    protected StoreSettings freshDatabase() {
        return H2StoreTest.h2Memory();
    }
}
