package org.maskline.sessions;

/** A phone number that cannot be normalized to E.164. The message says why, and is safe to show to API clients. */
public final class InvalidNumberException extends RuntimeException {
    public InvalidNumberException(String message) {
        super(message);
    }
}
