package org.maskline.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.calls.RouteDecision;
import org.maskline.calls.RouteDecision.Refused;
import org.maskline.calls.RouteDecision.Routed;
import org.maskline.calls.RouteDecision.Unroutable;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionPolicy;
import org.maskline.sessions.SessionStatus;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;
import org.maskline.testsupport.WebhookReceiver;
import org.maskline.testsupport.WebhookReceiver.Reply;

/**
 * Every answer of the routing webhook and the intercept, against a real HTTP backend and a real H2
 * store (the call path through Asterisk is CallHooksIT's): what each becomes, and that whatever is not
 * exactly right connects nobody.
 */
class CallHooksTest {
    private static final String SECRET = "whsec-unit-0123456789abcdef";
    private static final String POOL_A = "+15550100";
    private static final String POOL_B = "+15550101";
    private static final String CALLER = "+34600000001";
    private static final String OTHER = "+34600000002";
    /** Generous: a cold JVM's first request may take a while; the timeout cases use {@link #SHORT}. */
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SHORT = Duration.ofMillis(300);
    private Store store;
    private WebhookReceiver backend;

    @BeforeEach
    void up() throws Exception {
        store = Store.open(new StoreSettings("jdbc:h2:mem:hooks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4,
                Duration.ofDays(1)), Clock.systemUTC());
        store.numbers().add(POOL_A);
        store.numbers().add(POOL_B);
        backend = new WebhookReceiver(SECRET, 0).start();
    }

    @AfterEach
    void down() {
        assertEquals(List.of(), backend.badSignatures());
        backend.close();
        store.close();
    }

    private RouteDecision decision(boolean intercept, boolean blockOnTimeout, boolean routing, boolean always) {
        return decision(intercept, blockOnTimeout, routing, always, TIMEOUT);
    }

    private RouteDecision decision(boolean intercept, boolean blockOnTimeout, boolean routing, boolean always, Duration timeout) {
        return new RouteDecision(store.routes(), "ES", new CallHooks(
                routing ? Optional.of(new CallHooks.Routing(backend.url("/route"), always, timeout)) : Optional.empty(),
                intercept ? Optional.of(new Intercept(backend.url("/intercept"), SECRET, timeout, blockOnTimeout, Clock.systemUTC()))
                        : Optional.empty(),
                SECRET, store.routes(), new SessionPolicy("ES", Duration.ofHours(1), Clock.systemUTC()),
                store.sessions()::create, Clock.systemUTC()));
    }

    private RouteDecision.Decision route(String answer) {
        backend.on("/route", q -> Reply.json(200, answer));
        return decision(false, false, true, false).decide(CALLER, POOL_A, "call-1");
    }

    private Session session() {
        return store.sessions().create(new NewSession(new NewParticipant(CALLER, "a"), new NewParticipant(OTHER, "b"),
                Instant.now().plus(Duration.ofHours(1)), null));
    }

    private static Refused refused(RouteDecision.Decision d, boolean temporary, String code) {
        Refused r = assertInstanceOf(Refused.class, d);
        assertEquals(temporary, r.temporary(), r.toString());
        assertEquals(code, r.code());
        return r;
    }

    @Test
    void connectDialsTheNumberAndShowsTheCalleeThePoolNumberTheBackendChose() {
        var r = assertInstanceOf(Routed.class, route("{\"action\":\"connect\",\"to\":\"" + OTHER + "\",\"callerId\":\"" + POOL_B + "\"}"));
        assertEquals(OTHER, r.route().calleeNumber());
        assertEquals(POOL_B, r.route().calleeProxy(), "what the callee sees");
        assertEquals(POOL_A, r.route().callerProxy(), "what the caller sees: the number they dialed");
        assertNull(r.route().sessionId());
        var asked = backend.received().getLast().json();
        assertEquals(CALLER, asked.get("caller").asText());
        assertEquals(POOL_A, asked.get("dialed").asText());
        assertEquals("call-1", asked.get("callId").asText());
        assertFalse(r.record(), "recorded only when asked");
        var recorded = assertInstanceOf(Routed.class, route("{\"action\":\"connect\",\"to\":\"" + OTHER
                + "\",\"callerId\":\"" + POOL_B + "\",\"record\":true}"));
        assertTrue(recorded.record());
    }

    @Test
    void connectMayNotShowAnythingButAPoolNumberNorDialOne() {
        refused(route("{\"action\":\"connect\",\"to\":\"" + OTHER + "\",\"callerId\":\"" + CALLER + "\"}"), false, "route_callerid_not_pool");
        refused(route("{\"action\":\"connect\",\"to\":\"" + OTHER + "\",\"callerId\":\"+34699999999\"}"), false, "route_callerid_not_pool");
        refused(route("{\"action\":\"connect\",\"to\":\"" + POOL_B + "\",\"callerId\":\"" + POOL_B + "\"}"), false, "route_invalid_answer");
        refused(route("{\"action\":\"forward\",\"to\":\"" + POOL_B + "\"}"), false, "route_invalid_answer");
    }

    @Test
    void rejectForwardAndMenu() {
        refused(route("{\"action\":\"reject\"}"), false, "route_rejected");
        var f = assertInstanceOf(Routed.class, route("{\"action\":\"forward\",\"to\":\"+34910000000\"}"));
        assertEquals("+34910000000", f.route().calleeNumber());
        assertEquals(POOL_A, f.route().calleeProxy(), "the support line sees the pool number that was dialed");
        var m = assertInstanceOf(Unroutable.class, route("{\"action\":\"menu\"}"));
        assertTrue(m.dialedIsServiceNumber());
    }

    @Test
    void sessionOpensOneWithTheCallerAndRoutesThroughIt() {
        var r = assertInstanceOf(Routed.class, route("{\"action\":\"session\",\"participants\":[\"" + OTHER + "\",{\"number\":\""
                + CALLER + "\",\"label\":\"rider\"}],\"ttlSeconds\":120}"));
        Session s = store.sessions().find(r.route().sessionId()).orElseThrow();
        assertEquals(SessionStatus.OPEN, s.status());
        long ttl = Duration.between(s.createdAt(), s.expiresAt()).toSeconds();
        assertTrue(ttl >= 119 && ttl <= 120, "ttlSeconds 120: " + ttl);
        assertEquals(OTHER, r.route().calleeNumber());
        assertEquals(s.participants().stream().filter(p -> p.number().equals(OTHER)).findFirst().orElseThrow().proxyNumber(),
                r.route().calleeProxy(), "the callee sees the number they know the caller by in the new session");
        assertTrue(store.routes().findRoute(CALLER, r.route().callerProxy()).isPresent(), "and the session routes from now on");
    }

    @Test
    void aSessionWithoutTheCallerOrThatCannotOpenIsRefused() {
        refused(route("{\"action\":\"session\",\"participants\":[\"+34600000007\",\"" + OTHER + "\"]}"), false, "route_invalid_answer");
        refused(route("{\"action\":\"session\",\"participants\":[\"" + CALLER + "\",\"" + POOL_B + "\"]}"), true, "route_session_failed");
        refused(route("{\"action\":\"session\",\"participants\":[\"" + CALLER + "\",\"12\"]}"), true, "route_session_failed");
    }

    @Test
    void timeoutsErrorsAndAnswersThatAreNoActionFailClosed() {
        backend.on("/route", q -> new Reply(200, "{\"action\":\"reject\"}", SHORT.multipliedBy(4)));
        refused(decision(false, false, true, false, SHORT).decide(CALLER, POOL_A, "c"), true, "route_timeout");
        refused(route("not json"), true, "route_invalid_answer");
        refused(route("{\"action\":\"connect\"}"), true, "route_invalid_answer");
        backend.on("/route", q -> Reply.json(500, "{\"action\":\"connect\",\"to\":\"" + OTHER + "\",\"callerId\":\"" + POOL_B + "\"}"));
        refused(decision(false, false, true, false).decide(CALLER, POOL_A, "c"), true, "route_invalid_answer");
        backend.stop();
        refused(decision(false, false, true, false).decide(CALLER, POOL_A, "c"), true, "route_invalid_answer");
    }

    @Test
    void fallbackAsksOnlyForCallsNoSessionRoutesAndAlwaysAsksForEvery() {
        Session s = session();
        String proxy = s.participants().getFirst().proxyNumber();
        backend.on("/route", q -> Reply.json(200, "{\"action\":\"reject\"}"));
        assertInstanceOf(Routed.class, decision(false, false, true, false).decide(CALLER, proxy, "c"));
        assertEquals(0, backend.received().size(), "fallback: a session routes without asking");
        refused(decision(false, false, true, true).decide(CALLER, proxy, "c"), false, "route_rejected");
        assertInstanceOf(Unroutable.class, decision(false, false, true, true).decide("not a number", proxy, "c"),
                "an unreadable caller is never sent to the backend");
        assertEquals(1, backend.received().size());
    }

    @Test
    void interceptBlocksOn403AndOtherwiseLetsThrough() {
        Session s = session();
        String proxy = s.participants().getFirst().proxyNumber();
        backend.on("/intercept", q -> Reply.status(403));
        refused(decision(true, false, false, false).decide(CALLER, proxy, "c1"), false, "intercept_blocked");
        var asked = backend.received().getLast().json();
        assertEquals(s.id(), asked.get("sessionId").asText());
        assertEquals(OTHER, asked.get("callee").asText());
        assertEquals("c1", asked.get("id").asText());
        backend.on("/intercept", q -> Reply.status(404));
        assertInstanceOf(Routed.class, decision(true, false, false, false).decide(CALLER, proxy, "c2"));
        backend.on("/intercept", q -> new Reply(403, "", SHORT.multipliedBy(4)));
        assertInstanceOf(Routed.class, decision(true, false, false, false, SHORT).decide(CALLER, proxy, "c3"), "timeout: proceed");
        refused(decision(true, true, false, false, SHORT).decide(CALLER, proxy, "c4"), false, "intercept_blocked");
        backend.stop();
        refused(decision(true, true, false, false).decide(CALLER, proxy, "c5"), false, "intercept_blocked");
        assertInstanceOf(Routed.class, decision(true, false, false, false).decide(CALLER, proxy, "c6"), "unreachable: proceed");
    }

    @Test
    void aCallNoSessionRoutesIsNeverIntercepted() {
        backend.on("/intercept", q -> Reply.status(403));
        assertInstanceOf(Unroutable.class, decision(true, false, false, false).decide(CALLER, POOL_A, "c"));
        assertSame(0, backend.received().size());
    }
}
