package org.maskline.sessions;

/**
 * A number cannot play two roles at once: a pool number cannot be a participant, and a participant's
 * real number cannot join the pool while its session is open. Either would let a call loop through Maskline.
 */
public final class NumberInUseException extends RuntimeException {
    public NumberInUseException(String message) {
        super(message);
    }
}
