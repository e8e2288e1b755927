package org.maskline.webhooks;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.maskline.sessions.PhoneNumbers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code MASKLINE_INTERCEPT_URL}: asked before a session's call (or message) is connected. A 403 blocks
 * it; any other answer lets it through; no answer within the timeout (or none at all) is decided by
 * {@code MASKLINE_INTERCEPT_ON_TIMEOUT}.
 *
 * <p>Features other than calls use {@link #check} with their own {@code kind} (e.g. {@code message}).
 */
public final class Intercept {
    private static final Logger log = LoggerFactory.getLogger(Intercept.class);

    /** What the backend is asked: who, to whom, through which number, in which session. */
    public record Request(String kind, String id, String sessionId, String caller, String callee, String dialed) {}

    public enum Verdict { PROCEED, BLOCK }

    private final URI url;
    private final String secret;
    private final Duration timeout;
    private final boolean blockOnTimeout;
    private final BackendClient http;
    private final Clock clock;

    public Intercept(URI url, String secret, Duration timeout, boolean blockOnTimeout, Clock clock) {
        this.url = url;
        this.secret = secret;
        this.timeout = timeout;
        this.blockOnTimeout = blockOnTimeout;
        this.clock = clock;
        this.http = new BackendClient(timeout);
    }

    /** The configured intercept, if {@code MASKLINE_INTERCEPT_URL} is set (for features that connect other things than calls). */
    public static java.util.Optional<Intercept> of(org.maskline.config.WebhookConfig c, Clock clock) {
        return c.interceptUrl().map(u -> new Intercept(u, c.secret(), c.interceptTimeout(), c.blockOnTimeout(), clock));
    }

    /** Blocks until the backend answers or the timeout passes. */
    public Verdict check(Request r) {
        long start = System.nanoTime();
        String verdict;
        Verdict v;
        try {
            HttpResponse<byte[]> a = http.post(SignedPost.of(url, secret, r, clock), timeout);
            v = a.statusCode() == 403 ? Verdict.BLOCK : Verdict.PROCEED;
            verdict = v == Verdict.BLOCK ? "block" : "proceed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            v = blockOnTimeout ? Verdict.BLOCK : Verdict.PROCEED;
            verdict = "interrupted";
        } catch (Exception e) { // a timeout, a refused connection
            v = blockOnTimeout ? Verdict.BLOCK : Verdict.PROCEED;
            verdict = blockOnTimeout ? "timeout_block" : "timeout_proceed";
            log.warn("intercept: no answer from {} for {} {} ({}); {}", BackendClient.where(url), r.kind(), r.id(),
                    e.getClass().getSimpleName(), v == Verdict.BLOCK ? "blocked" : "let through");
        }
        WebhookMetrics.HOOK_SECONDS.labelValues("intercept").observe((System.nanoTime() - start) / 1e9);
        WebhookMetrics.HOOKS.labelValues("intercept", verdict).inc();
        if (v == Verdict.BLOCK) {
            log.info("intercept: {} {} from {} blocked ({})", r.kind(), r.id(), PhoneNumbers.mask(r.caller()), verdict);
        }
        return v;
    }
}
