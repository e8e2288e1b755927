package org.maskline.config;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach Asterisk's ARI. Checked here, once: every error names its key.
 *
 * @param url the ARI base, e.g. http://127.0.0.1:8088/ari; only http (the ARI client speaks no TLS)
 */
public record AriConfig(URI url, String user, String password, String app) {
    /** The password shipped in asterisk-conf/ari.conf: running with it would let anyone who read the sample in. */
    public static final String PLACEHOLDER_PASSWORD = "CHANGE-ME-to-a-long-random-secret";

    private static final Pattern APP = Pattern.compile("[A-Za-z0-9_-]+");

    public AriConfig {
        Objects.requireNonNull(url, Config.ARI_URL);
        if ("https".equalsIgnoreCase(url.getScheme())) {
            // Refused here rather than later: the ARI client has no TLS pipeline, so an https URL
            // would pass start-up and then fail every connection attempt.
            throw ConfigException.bad(Config.ARI_URL, "https is not supported (the ARI client speaks plain HTTP): "
                    + "keep ARI on loopback or a private network, or put a TLS tunnel in front, and use http://");
        }
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw ConfigException.bad(Config.ARI_URL, "must be an http:// URL with a host, got " + ConfigException.quote(url.toString()));
        }
        if (user == null || user.isBlank()) {
            throw new ConfigException(Config.ARI_USER + " is required but not set");
        }
        if (password == null || password.isBlank()) {
            throw new ConfigException(Config.ARI_PASSWORD + " is required but not set");
        }
        if (password.equals(PLACEHOLDER_PASSWORD)) {
            throw ConfigException.bad(Config.ARI_PASSWORD, "is still the sample's placeholder: set a long random password "
                    + "(openssl rand -hex 24) in ari.conf and in " + Config.ARI_PASSWORD);
        }
        if (app == null || !APP.matcher(app).matches()) {
            throw ConfigException.bad(Config.ARI_APP, "must be letters, digits, _ or -, got " + ConfigException.quote(String.valueOf(app)));
        }
    }

    @Override
    public String toString() {
        return "AriConfig[url=" + url + ", user=" + user + ", password=***, app=" + app + "]";
    }
}
