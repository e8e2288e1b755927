package org.maskline.store;

/** A transaction lost a race (unique key, deadlock, lock timeout) and may succeed if run again from the start. */
final class TransientConflict extends RuntimeException {
    TransientConflict(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
