package org.maskline.transcripts;

/** An engine's failure; {@code retryable}: the service was down or busy, not the request wrong. */
public final class TranscriptionException extends Exception {
    private final boolean retryable;

    public TranscriptionException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
