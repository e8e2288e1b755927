package org.maskline.twilio;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.maskline.calls.CallSettings;
import org.maskline.sessions.PhoneNumbers;
import org.maskline.sessions.Route;
import org.maskline.sessions.RouteLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's {@code intercept_callback_url}: before a call of a Twilio session is connected, its service's
 * intercept URL is called (form-encoded, signed); a 403 blocks the call, which is then unroutable (the
 * configured treatment: by default rejected, nobody dialed). Any other answer, an error or no answer within
 * {@link #DEADLINE} lets the call through, as Twilio does. Wraps the store's lookup, so ARI and FastAGI both
 * honour it; calls of /v1 sessions cost one indexed read more and nothing else.
 */
public final class InterceptingRoutes implements RouteLookup {
    private static final Logger log = LoggerFactory.getLogger(InterceptingRoutes.class);
    /** Inside the call path's lookup deadline, with room left for the lookups themselves. */
    static final Duration DEADLINE = CallSettings.DEFAULT_LOOKUP_TIMEOUT.minusMillis(200);

    private final RouteLookup inner;
    private final TwilioStore store;
    private final CallbackClient client;

    InterceptingRoutes(RouteLookup inner, TwilioStore store, CallbackClient client) {
        this.inner = inner;
        this.store = store;
        this.client = client;
    }

    @Override
    public Optional<Route> findRoute(String caller, String dialed) {
        Optional<Route> route = inner.findRoute(caller, dialed);
        if (route.isEmpty()) {
            return route;
        }
        Optional<TwilioStore.Interception> i = store.interception(route.get().sessionId());
        if (i.isEmpty()) {
            return route;
        }
        Route r = route.get();
        Map<String, String> p = new HashMap<>();
        String now = Wire.date(Instant.now());
        p.put("interactionSessionSid", i.get().sessionSid());
        p.put("interactionServiceSid", i.get().serviceSid());
        p.put("interactionAccountSid", i.get().account());
        p.put("interactionType", "Voice");
        p.put("interactionDateCreated", now);
        p.put("interactionDateUpdated", now);
        p.put("inboundParticipantSid", i.get().participants().get(r.callerNumber()));
        p.put("inboundResourceType", "call");
        p.put("inboundResourceStatus", "ringing");
        p.put("outboundParticipantSid", i.get().participants().get(r.calleeNumber()));
        p.put("outboundResourceType", "call");
        int status;
        try {
            status = client.post(i.get().url(), p, DEADLINE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return route;
        } catch (Exception e) {
            log.warn("intercept callback of session {} did not answer ({}); the call goes through, as with Twilio",
                    i.get().sessionSid(), e.getClass().getSimpleName());
            return route;
        }
        if (status == 403) {
            log.info("call from {} in session {} blocked by its service's intercept callback (403)",
                    PhoneNumbers.mask(caller), i.get().sessionSid());
            return Optional.empty();
        }
        return route;
    }

    @Override
    public boolean isServiceNumber(String e164) {
        return inner.isServiceNumber(e164);
    }

    // Issue 14's look-ups pass straight through: a recontact window belongs to a session that has ended,
    // which no intercept callback guards, and availability is the backend's own word.
    @Override
    public Optional<Route> findRecontact(String caller, String dialed) {
        return inner.findRecontact(caller, dialed);
    }

    @Override
    public CallerRoutes findByCaller(String caller) {
        return inner.findByCaller(caller);
    }

    @Override
    public boolean isAvailable(String e164) {
        return inner.isAvailable(e164);
    }
}
