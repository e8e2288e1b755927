package org.maskline.sessions;

/**
 * A number of the proxy pool.
 *
 * @param openSessions open, unexpired sessions in which some participant uses this number
 */
public record PoolNumber(String number, Status status, long openSessions) {
    /** ACTIVE numbers get new sessions; DRAINING numbers only serve the sessions they have, then leave the pool. */
    public enum Status { ACTIVE, DRAINING }
}
