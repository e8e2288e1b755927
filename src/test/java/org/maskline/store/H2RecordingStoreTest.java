package org.maskline.store;

/** Recordings and the transcription queue on embedded H2. */
class H2RecordingStoreTest extends RecordingStoreContract {
    @Override
    protected StoreSettings freshDatabase() {
        return H2StoreTest.h2Memory();
    }
}
