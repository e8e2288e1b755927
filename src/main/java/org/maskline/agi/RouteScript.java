package org.maskline.agi;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.maskline.calls.RouteDecision;
import org.maskline.calls.Sanitizer;
import org.maskline.sessions.PhoneNumbers;
import org.maskline.sessions.Route;
import org.maskline.sessions.RouteLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code AGI(agi://host:4573/route)}: the same route lookup as the ARI path, answered with channel
 * variables for a dialplan that dials by itself:
 * <ul>
 *   <li>{@code MASKLINE_STATUS}: {@code ROUTE}, {@code UNROUTABLE}, or {@code FAILED} (store down: reject, never guess)</li>
 *   <li>{@code MASKLINE_DIAL}: the dial string of the callee's real number</li>
 *   <li>{@code MASKLINE_CALLER_ID}: the service number the callee knows the caller by (set it as CALLERID)</li>
 *   <li>{@code MASKLINE_CONNECTED}: the number the caller dialed (set it as the caller's CONNECTEDLINE)</li>
 *   <li>{@code MASKLINE_RING_TIMEOUT}: seconds</li>
 * </ul>
 */
final class RouteScript implements AgiScript {
    private static final Logger log = LoggerFactory.getLogger(RouteScript.class);

    private final RouteLookup routes;
    private final String dialTemplate;
    private final String defaultCountry;
    private final int ringTimeoutSeconds;
    private final org.maskline.calls.RouteHooks hooks;

    RouteScript(RouteLookup routes, String dialTemplate, String defaultCountry, int ringTimeoutSeconds,
                org.maskline.calls.RouteHooks hooks) {
        this.routes = routes;
        this.dialTemplate = dialTemplate;
        this.defaultCountry = defaultCountry;
        this.ringTimeoutSeconds = ringTimeoutSeconds;
        this.hooks = hooks;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        if (!"route".equals(request.getScript())) {
            log.warn("AGI request for unknown script '{}'", request.getScript());
            channel.setVariable("MASKLINE_STATUS", "FAILED");
            return;
        }
        // The same decision as the ARI path (org.maskline.calls.RouteDecision): normalize, look up, fail closed.
        Route r;
        switch (new RouteDecision(routes, defaultCountry, hooks).decide(request.getCallerIdNumber(), request.getExtension(),
                "agi-" + request.getUniqueId())) {
            case RouteDecision.Routed routed -> r = routed.route();
            case RouteDecision.StoreDown down -> {
                log.error("route lookup failed; the dialplan rejects the call: {}", Sanitizer.text(down.why(), 200));
                channel.setVariable("MASKLINE_STATUS", "FAILED");
                return;
            }
            case RouteDecision.Refused f -> { // the backend's hooks said no: the dialplan refuses it (503), dials nobody
                log.info("AGI: call refused ({})", f.code());
                channel.setVariable("MASKLINE_STATUS", "FAILED");
                return;
            }
            case RouteDecision.Unroutable u -> {
                log.info("AGI: unroutable call from {} to {}", Sanitizer.forLog(u.caller()), Sanitizer.forLog(u.dialed()));
                channel.setVariable("MASKLINE_STATUS", "UNROUTABLE");
                return;
            }
            case RouteDecision.Detour d -> {
                // Never made here (this decision has no menu settings): the menu needs ARI. Fail closed all the same.
                channel.setVariable("MASKLINE_STATUS", "UNROUTABLE");
                return;
            }
        }
        java.util.Optional<String> dial = new org.maskline.config.DialTemplate(dialTemplate, defaultCountry).render(r.calleeNumber());
        if (dial.isEmpty()) {
            // A national-only template cannot dial another country's number: fail closed.
            log.warn("AGI: callee {} cannot be dialed with MASKLINE_DIAL_TEMPLATE; the dialplan rejects the call",
                    PhoneNumbers.mask(r.calleeNumber()));
            channel.setVariable("MASKLINE_STATUS", "FAILED");
            return;
        }
        channel.setVariable("MASKLINE_DIAL", dial.get());
        channel.setVariable("MASKLINE_CALLER_ID", r.calleeProxy());
        channel.setVariable("MASKLINE_CONNECTED", r.callerProxy());
        channel.setVariable("MASKLINE_RING_TIMEOUT", String.valueOf(ringTimeoutSeconds));
        // Last, so a dialplan never sees ROUTE with half the variables set.
        channel.setVariable("MASKLINE_STATUS", "ROUTE");
        log.info("AGI: routed a call from {} on {}", PhoneNumbers.mask(r.callerNumber()), r.callerProxy());
    }
}
