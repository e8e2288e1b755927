package org.maskline.sessions;

/** No active pool number is free for a participant: they are already in as many open sessions as the pool has numbers. */
public final class PoolExhaustedException extends RuntimeException {
    public PoolExhaustedException(String message) {
        super(message);
    }
}
