package org.maskline.calls;

import java.time.Duration;
import org.maskline.config.Config;
import org.maskline.config.DialTemplate;
import org.maskline.config.Unroutable;

/**
 * What the call flow needs from the configuration.
 *
 * @param dialTemplate          e.g. {@code PJSIP/{number}@trunk}; see {@link org.maskline.config.DialTemplate} for the placeholders
 * @param ringTimeout           how long the callee may ring
 * @param maxCall               talk time after which both legs are hung up; zero for no limit
 * @param defaultCountry        ISO region for caller IDs without a country code
 * @param unroutable            what happens to a call with no route; {@code announcement} is the sound it may play
 * @param forwardLimitPerMinute forwarded unroutable calls per caller per minute; beyond it they are rejected
 * @param callLogQueue          call-log rows that may wait for the database
 * @param lookupTimeout         how long a route lookup may take before the call is refused (fail closed, fast)
 */
public record CallSettings(String app, String dialTemplate, Duration ringTimeout, Duration maxCall,
                           String defaultCountry, Unroutable unroutable, String announcement,
                           int forwardLimitPerMinute, int callLogQueue, Duration lookupTimeout) {
    public static final int DEFAULT_FORWARD_LIMIT = 3;
    public static final int DEFAULT_CALL_LOG_QUEUE = 10_000;
    /** Well inside the 1 s in which a caller must hear a refusal while the database is down. */
    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofMillis(500);

    public CallSettings {
        new DialTemplate(dialTemplate, defaultCountry); // refuses a template it could not render
        if (forwardLimitPerMinute < 0) throw new IllegalArgumentException("forwardLimitPerMinute must be >= 0");
        if (callLogQueue < 1) throw new IllegalArgumentException("callLogQueue must be >= 1");
    }

    /** The defaults for the limits that have them. */
    public CallSettings(String app, String dialTemplate, Duration ringTimeout, Duration maxCall,
                        String defaultCountry, Unroutable unroutable, String announcement) {
        this(app, dialTemplate, ringTimeout, maxCall, defaultCountry, unroutable, announcement,
                DEFAULT_FORWARD_LIMIT, DEFAULT_CALL_LOG_QUEUE, DEFAULT_LOOKUP_TIMEOUT);
    }

    public static CallSettings of(Config c) {
        // The backend's hooks (issue 16) answer within their own timeouts, on top of the store's.
        return new CallSettings(c.ari().app(), c.dialTemplate(), c.ringTimeout(), c.maxCallDuration(),
                c.defaultCountry(), c.unroutable(), c.announcement(), c.forwardLimitPerMinute(), c.callLogQueue(),
                DEFAULT_LOOKUP_TIMEOUT.plus(c.webhooks().callHookBudget()));
    }

    public CallSettings withMaxCall(Duration d) {
        return withRing(ringTimeout, d);
    }

    private CallSettings withRing(Duration ring, Duration max) {
        return new CallSettings(app, dialTemplate, ring, max, defaultCountry, unroutable, announcement,
                forwardLimitPerMinute, callLogQueue, lookupTimeout);
    }

    public CallSettings withUnroutable(Unroutable u) {
        return new CallSettings(app, dialTemplate, ringTimeout, maxCall, defaultCountry, u, announcement,
                forwardLimitPerMinute, callLogQueue, lookupTimeout);
    }

    public CallSettings withForwardLimit(int perMinute) {
        return new CallSettings(app, dialTemplate, ringTimeout, maxCall, defaultCountry, unroutable, announcement,
                perMinute, callLogQueue, lookupTimeout);
    }

    /** How long the route decision may take, the backend's hooks included, before the caller gets 503. */
    public CallSettings withLookupTimeout(Duration d) {
        return new CallSettings(app, dialTemplate, ringTimeout, maxCall, defaultCountry, unroutable, announcement,
                forwardLimitPerMinute, callLogQueue, d);
    }

    public CallSettings withRingTimeout(Duration d) {
        return withRing(d, maxCall);
    }

    /** The dial string for the callee's E.164 number; empty when the template cannot dial it. */
    java.util.Optional<String> endpointFor(String number) {
        return new DialTemplate(dialTemplate, defaultCountry).render(number);
    }
}
