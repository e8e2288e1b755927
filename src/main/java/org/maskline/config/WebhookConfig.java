package org.maskline.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The backend's hooks (issue 16): where events go, who may block a call, who decides where a call
 * goes. Every request to the backend is signed with {@code secret}, so any URL requires it.
 *
 * @param url              event webhook; empty: events are not sent (the outbox discards them)
 * @param timeout          how long one event delivery may take
 * @param interceptUrl     asked before a session call is connected; empty: no intercept
 * @param interceptTimeout after it, {@code blockOnTimeout} decides
 * @param routeUrl         the routing webhook; empty: none
 * @param routeAlways      true: every call is routed by the backend; false: only calls no open session routes
 * @param routeTimeout     after it the call is refused (fail closed)
 */
public record WebhookConfig(Optional<URI> url, String secret, Duration timeout,
                            Optional<URI> interceptUrl, Duration interceptTimeout, boolean blockOnTimeout,
                            Optional<URI> routeUrl, boolean routeAlways, Duration routeTimeout) {
    public static final int MIN_SECRET = 16;

    public WebhookConfig {
        check(Config.WEBHOOK_URL, url);
        check(Config.INTERCEPT_URL, interceptUrl);
        check(Config.ROUTE_URL, routeUrl);
        secret = secret == null ? "" : secret;
        if ((url.isPresent() || interceptUrl.isPresent() || routeUrl.isPresent()) && secret.length() < MIN_SECRET) {
            throw ConfigException.bad(Config.WEBHOOK_SECRET, "is required (" + MIN_SECRET + " characters at least) when "
                    + Config.WEBHOOK_URL + ", " + Config.INTERCEPT_URL + " or " + Config.ROUTE_URL
                    + " is set: every request to the backend is signed (generate one with: openssl rand -hex 32)");
        }
        millis(Config.WEBHOOK_TIMEOUT_MS, timeout, 100, 60_000);
        millis(Config.INTERCEPT_TIMEOUT_MS, interceptTimeout, 10, 10_000);
        millis(Config.ROUTE_TIMEOUT_MS, routeTimeout, 10, 10_000);
    }

    /** Nothing configured. */
    public static WebhookConfig none() {
        return new WebhookConfig(Optional.empty(), "", Duration.ofSeconds(5), Optional.empty(), Duration.ofSeconds(1),
                false, Optional.empty(), false, Duration.ofSeconds(1));
    }

    /** The longest the hooks may add to a call's route decision. */
    public Duration callHookBudget() {
        Duration d = Duration.ZERO;
        if (interceptUrl.isPresent()) d = d.plus(interceptTimeout);
        if (routeUrl.isPresent()) d = d.plus(routeTimeout);
        return d;
    }

    static boolean onTimeoutBlocks(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "proceed" -> false;
            case "block" -> true;
            default -> throw ConfigException.bad(Config.INTERCEPT_ON_TIMEOUT, "must be proceed or block, got " + ConfigException.quote(v));
        };
    }

    static boolean routeModeAlways(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "fallback" -> false;
            case "always" -> true;
            default -> throw ConfigException.bad(Config.ROUTE_MODE, "must be fallback or always, got " + ConfigException.quote(v));
        };
    }

    private static void check(String key, Optional<URI> u) {
        if (u.isEmpty()) return;
        URI v = u.get();
        if (v.getScheme() == null || !(v.getScheme().equals("http") || v.getScheme().equals("https")) || v.getHost() == null) {
            throw ConfigException.bad(key, "must be an http:// or https:// URL with a host, got " + ConfigException.quote(v.toString()));
        }
    }

    private static void millis(String key, Duration d, long min, long max) {
        ConfigException.between(key, d.toMillis(), min, max);
    }

    @Override
    public String toString() {
        return "WebhookConfig[url=" + url.map(WebhookConfig::shown) + ", secret=***, timeout=" + timeout
                + ", interceptUrl=" + interceptUrl.map(WebhookConfig::shown) + ", interceptTimeout=" + interceptTimeout
                + ", blockOnTimeout=" + blockOnTimeout + ", routeUrl=" + routeUrl.map(WebhookConfig::shown)
                + ", routeAlways=" + routeAlways + ", routeTimeout=" + routeTimeout + "]";
    }

    /** Scheme, host and port only: a path or query may carry a token. */
    private static String shown(URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/...";
    }
}
