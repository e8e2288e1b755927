package org.maskline.sessions;

/** The request clashes with the current state (a reference already open, a session no longer open). */
public final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
