package org.maskline.store;

import java.time.Duration;

/**
 * How to reach the database and how long to keep ended sessions and calls.
 *
 * @param user     may be empty (H2 embedded needs none)
 * @param password may be empty; never printed
 */
public record StoreSettings(String jdbcUrl, String user, String password, int poolSize, Duration retention) {
    @Override
    public String toString() {
        return "StoreSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", poolSize=" + poolSize + ", retention=" + retention + "]";
    }
}
