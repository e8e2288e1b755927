package org.maskline.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the store lives and how long ended rows are kept. Checked here, once: every error names its key.
 *
 * @param url       {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
 * @param user      may be empty
 * @param password  may be empty; never printed
 * @param retention how long ended sessions and their calls are kept
 */
public record DatabaseConfig(String url, String user, String password, int poolSize, Duration retention, Duration sweepInterval) {
    public DatabaseConfig {
        Objects.requireNonNull(url, Config.DB_URL);
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw ConfigException.bad(Config.DB_URL, "must start with jdbc:h2: or jdbc:postgresql:");
        }
        user = Objects.requireNonNullElse(user, "");
        password = Objects.requireNonNullElse(password, "");
        ConfigException.between(Config.DB_POOL_SIZE, poolSize, 1, 200);
        Objects.requireNonNull(retention, Config.RETENTION_DAYS);
        ConfigException.between(Config.RETENTION_DAYS, retention.toDays(), 1, 36_500);
        ConfigException.seconds(Config.SWEEP_INTERVAL_SECONDS, sweepInterval, 1, 3600);
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=***, poolSize=" + poolSize
                + ", retention=" + retention + ", sweepInterval=" + sweepInterval + "]";
    }
}
