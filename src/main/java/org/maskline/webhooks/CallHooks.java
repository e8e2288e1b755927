package org.maskline.webhooks;

import com.fasterxml.jackson.core.JacksonException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.maskline.calls.RouteDecision;
import org.maskline.calls.RouteDecision.Decision;
import org.maskline.calls.RouteDecision.Refused;
import org.maskline.calls.RouteDecision.Routed;
import org.maskline.calls.RouteDecision.Unroutable;
import org.maskline.calls.RouteHooks;
import org.maskline.sessions.Lifetime;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Participant;
import org.maskline.sessions.PhoneNumbers;
import org.maskline.sessions.Route;
import org.maskline.sessions.RouteLookup;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backend's say in each call: the routing webhook ({@code MASKLINE_ROUTE_URL}; asked for calls no
 * session routes, or for every call in mode {@code always}), then the intercept
 * ({@code MASKLINE_INTERCEPT_URL}; asked for every call about to be connected within a session).
 *
 * <p>Privacy and fail-closed rules: a {@code connect} must show the callee a pool number
 * ({@code callerId}), else the call is refused; nobody is dialed who is a pool number (a loop through
 * the trunk); an on-the-fly session must include the caller; a timeout or an answer that is not one of
 * the actions refuses the call (503).
 */
public final class CallHooks implements RouteHooks {
    private static final Logger log = LoggerFactory.getLogger(CallHooks.class);

    /** The routing webhook's settings. */
    public record Routing(URI url, boolean always, Duration timeout) {}

    private final Optional<Routing> routing;
    private final Optional<Intercept> intercept;
    private final String secret;
    private final RouteLookup routes;
    private final SessionPolicy policy;
    private final Function<NewSession, Session> opener;
    private final BackendClient http;
    private final Clock clock;

    /**
     * @param opener opens a session (the store's {@code sessions()::create}), for the {@code session} action
     */
    public CallHooks(Optional<Routing> routing, Optional<Intercept> intercept, String secret, RouteLookup routes,
                     SessionPolicy policy, Function<NewSession, Session> opener, Clock clock) {
        this.routing = routing;
        this.intercept = intercept;
        this.secret = secret;
        this.routes = routes;
        this.policy = policy;
        this.opener = opener;
        this.clock = clock;
        this.http = new BackendClient(routing.map(Routing::timeout).orElse(Duration.ofSeconds(1)));
    }

    @Override
    public Decision apply(Decision d, String callId) {
        Decision out = d;
        if (routing.isPresent() && asksBackend(d, routing.get().always())) {
            out = route(d, callId);
        }
        if (out instanceof Routed r && r.route().sessionId() != null && intercept.isPresent()) {
            Route route = r.route();
            var verdict = intercept.get().check(new Intercept.Request("call", callId, route.sessionId(), r.caller(),
                    route.calleeNumber(), r.dialed()));
            if (verdict == Intercept.Verdict.BLOCK) {
                return new Refused("the intercept blocked the call", r.caller(), r.dialed(), false, "intercept_blocked");
            }
        }
        return out;
    }

    /** Only calls whose caller and dialed number are readable; never when the store is down (fail closed). */
    private static boolean asksBackend(Decision d, boolean always) {
        return switch (d) {
            case Routed r -> always;
            case Unroutable u -> PhoneNumbers.isE164(u.caller()) && PhoneNumbers.isE164(u.dialed());
            default -> false;
        };
    }

    private record Ask(String caller, String dialed, String callId) {}

    private Decision route(Decision d, String callId) {
        Routing r = routing.get();
        long start = System.nanoTime();
        RouteAnswer answer;
        try {
            HttpResponse<byte[]> a = http.post(SignedPost.of(r.url(), secret, new Ask(d.caller(), d.dialed(), callId), clock),
                    r.timeout());
            if (a.statusCode() / 100 != 2) {
                answer = new RouteAnswer.Invalid("HTTP " + a.statusCode());
            } else {
                answer = RouteAnswer.parse(WebhookJson.MAPPER.readTree(a.body()));
            }
        } catch (JacksonException e) {
            answer = new RouteAnswer.Invalid("the answer is not JSON");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = new RouteAnswer.Invalid("interrupted");
        } catch (java.net.http.HttpTimeoutException e) {
            WebhookMetrics.HOOK_SECONDS.labelValues("route").observe((System.nanoTime() - start) / 1e9);
            WebhookMetrics.HOOKS.labelValues("route", "timeout").inc();
            log.warn("routing webhook: no answer within {} ms for call {}; refused", r.timeout().toMillis(), callId);
            return new Refused("the routing webhook did not answer in time", d.caller(), d.dialed(), true, "route_timeout");
        } catch (Exception e) {
            answer = new RouteAnswer.Invalid(e.getClass().getSimpleName());
        }
        WebhookMetrics.HOOK_SECONDS.labelValues("route").observe((System.nanoTime() - start) / 1e9);
        Decision out = act(answer, d);
        String verdict = out instanceof Refused f ? f.code() : answer.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        WebhookMetrics.HOOKS.labelValues("route", verdict).inc();
        if (out instanceof Refused f) log.info("routing webhook: call {} refused ({}): {}", callId, f.code(), f.why());
        return out;
    }

    private Decision act(RouteAnswer answer, Decision d) {
        String caller = d.caller();
        String dialed = d.dialed();
        boolean dialedIsOurs = d instanceof Routed || (d instanceof Unroutable u && u.dialedIsServiceNumber());
        return switch (answer) {
            case RouteAnswer.Invalid i -> new Refused("the routing webhook's answer is not usable: " + i.why(), caller, dialed,
                    true, "route_invalid_answer");
            case RouteAnswer.Reject j -> new Refused("the routing webhook rejected the call", caller, dialed, false, "route_rejected");
            case RouteAnswer.Menu m -> new Unroutable("the routing webhook answered menu (no menu here yet)", caller, dialed,
                    dialedIsOurs);
            case RouteAnswer.Connect c -> {
                if (!routes.isServiceNumber(c.callerId())) {
                    yield new Refused("callerId " + PhoneNumbers.mask(c.callerId()) + " is not a pool number: it would show"
                            + " the callee a number that is not ours", caller, dialed, false, "route_callerid_not_pool");
                }
                if (routes.isServiceNumber(c.to())) {
                    yield new Refused("\"to\" is a pool number", caller, dialed, false, "route_invalid_answer");
                }
                // The callee sees the pool number the backend chose; the caller, the number they dialed.
                String shownToCaller = dialedIsOurs ? dialed : c.callerId();
                yield new Routed(new Route(null, caller, shownToCaller, c.to(), c.callerId()), caller, dialed, c.record());
            }
            case RouteAnswer.Forward f -> {
                if (routes.isServiceNumber(f.to())) {
                    yield new Refused("\"to\" is a pool number", caller, dialed, false, "route_invalid_answer");
                }
                // As the unroutable forward: a pool number the caller dialed, else the support line's own number.
                String shown = dialedIsOurs ? dialed : f.to();
                yield new Routed(new Route(null, caller, shown, f.to(), shown), caller, dialed);
            }
            case RouteAnswer.OpenSession s -> openSession(s, caller, dialed);
        };
    }

    /** Twilio's out-of-session auto-create: a session with the caller in it, and the call connected through it. */
    private Decision openSession(RouteAnswer.OpenSession s, String caller, String dialed) {
        Session session;
        try {
            NewSession req = policy.newSession(s.participants(),
                    s.ttlSeconds().<Lifetime>map(Lifetime.Ttl::new).orElse(new Lifetime.Default()), null);
            if (!req.first().number().equals(caller) && !req.second().number().equals(caller)) {
                return new Refused("the session the routing webhook asked for does not include the caller", caller, dialed,
                        false, "route_invalid_answer");
            }
            session = opener.apply(req);
        } catch (RuntimeException e) { // an invalid number, a pool number, the pool exhausted, the store down
            return new Refused("could not open the session the routing webhook asked for: " + e.getMessage(), caller, dialed,
                    true, "route_session_failed");
        }
        Participant me = session.participants().stream().filter(p -> p.number().equals(caller)).findFirst().orElseThrow();
        Participant other = session.participants().stream().filter(p -> p != me).findFirst().orElseThrow();
        log.info("routing webhook: opened session {} for call from {}", session.id(), PhoneNumbers.mask(caller));
        return new Routed(new Route(session.id(), caller, me.proxyNumber(), other.number(), other.proxyNumber()), caller, dialed);
    }

    /** Builds the hooks from the configuration: empty parts stay off. */
    public static RouteHooks of(org.maskline.config.WebhookConfig c, RouteLookup routes, SessionPolicy policy,
                                Function<NewSession, Session> opener, Clock clock) {
        if (c.routeUrl().isEmpty() && c.interceptUrl().isEmpty()) return RouteHooks.NONE;
        return new CallHooks(c.routeUrl().map(u -> new Routing(u, c.routeAlways(), c.routeTimeout())),
                Intercept.of(c, clock),
                c.secret(), routes, policy, opener, clock);
    }
}
