package org.maskline.sessions;

/** The database could not answer. Callers fail closed: no call is connected on a guess. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
