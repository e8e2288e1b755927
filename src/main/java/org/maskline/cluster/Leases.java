package org.maskline.cluster;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The lease table, as the {@link LeaseKeeper} uses it. Every time is the database's own clock, so
 * no instance's clock skew can make two holders. Implemented by the store.
 */
public interface Leases {
    /**
     * Takes the lease for (app, node) when nobody holds it, it has expired, or {@code holder} holds it
     * already; each taking increments the epoch.
     *
     * @return the new epoch, or empty when another holder's lease is still valid
     */
    OptionalLong acquire(String app, String node, String holder, Duration lease);

    /** Extends the lease; false when it is no longer this (holder, epoch)'s or has already expired. */
    boolean renew(String app, String node, String holder, long epoch, Duration lease);

    /** Ends the lease now if it is still this (holder, epoch)'s, so a standby need not wait for it to expire. */
    void release(String app, String node, String holder, long epoch);
}
