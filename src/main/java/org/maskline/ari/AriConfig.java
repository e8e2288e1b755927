package org.maskline.ari;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one Asterisk node's ARI.
 *
 * @param nodeName       our name for the node; labels metrics and logs, so keep it short and stable
 * @param baseUri        the ARI root, e.g. {@code http://127.0.0.1:8088/ari}
 * @param app            the Stasis application name this client registers on the event WebSocket
 * @param pingInterval   WebSocket ping period; about three silent periods count as a dead socket
 * @param requestTimeout deadline for one REST call, including waiting for a pooled connection
 */
public record AriConfig(String nodeName, URI baseUri, String user, String password, String app,
                        Duration pingInterval, Duration requestTimeout) {

    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    public AriConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(baseUri, "baseUri");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(app, "app");
        if (!"http".equalsIgnoreCase(baseUri.getScheme())) {
            // TLS would need an SslContext in both pipelines; ARI is normally bound to loopback or a private network.
            throw new IllegalArgumentException("only http:// ARI URIs are supported: " + baseUri);
        }
        if (baseUri.getHost() == null) {
            throw new IllegalArgumentException("ARI URI has no host: " + baseUri);
        }
        pingInterval = pingInterval == null ? DEFAULT_PING_INTERVAL : pingInterval;
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        if (pingInterval.isNegative() || pingInterval.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("pingInterval and requestTimeout must be positive");
        }
    }

    public static AriConfig of(String nodeName, URI baseUri, String user, String password, String app) {
        return new AriConfig(nodeName, baseUri, user, password, app, DEFAULT_PING_INTERVAL, DEFAULT_REQUEST_TIMEOUT);
    }

    public AriConfig withPingInterval(Duration interval) {
        return new AriConfig(nodeName, baseUri, user, password, app, interval, requestTimeout);
    }

    public AriConfig withRequestTimeout(Duration timeout) {
        return new AriConfig(nodeName, baseUri, user, password, app, pingInterval, timeout);
    }

    int port() {
        return baseUri.getPort() > 0 ? baseUri.getPort() : 80;
    }

    /** The ARI root path without a trailing slash, e.g. {@code /ari}. */
    String basePath() {
        String p = baseUri.getRawPath() == null ? "" : baseUri.getRawPath();
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    @Override
    public String toString() {
        // Keep the password out of logs.
        return "AriConfig[node=" + nodeName + ", baseUri=" + baseUri + ", user=" + user + ", app=" + app
                + ", pingInterval=" + pingInterval + ", requestTimeout=" + requestTimeout + "]";
    }
}
