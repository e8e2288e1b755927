package org.maskline.config;

import java.time.Duration;

/**
 * @param user      may be empty
 * @param password  may be empty; never printed
 * @param retention how long ended sessions and their calls are kept
 */
public record DatabaseConfig(String url, String user, String password, int poolSize, Duration retention, Duration sweepInterval) {
    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=***, poolSize=" + poolSize
                + ", retention=" + retention + ", sweepInterval=" + sweepInterval + "]";
    }
}
