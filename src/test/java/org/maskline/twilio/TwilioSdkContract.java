package org.maskline.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.base.ResourceSet;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.proxy.v1.Service;
import com.twilio.rest.proxy.v1.service.PhoneNumber;
import com.twilio.rest.proxy.v1.service.Session;
import com.twilio.rest.proxy.v1.service.SessionReader;
import com.twilio.rest.proxy.v1.service.session.Interaction;
import com.twilio.rest.proxy.v1.service.session.Participant;
import com.twilio.rest.proxy.v1.service.session.participant.MessageInteraction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.api.ApiServer;
import org.maskline.config.HostPort;
import org.maskline.sessions.Route;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;

/**
 * The Twilio Proxy API driven by Twilio's own Java SDK (twilio-java 13), through {@link MasklineHttpClient},
 * against a real Maskline HTTP server and store. Run on H2 and on PostgreSQL by the subclasses. Calls are
 * placed through Asterisk in {@code TwilioCallIT}; here the call log is written as the call path writes it.
 */
abstract class TwilioSdkContract {
    static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";
    static final String KEY = "twilio-sdk-test-key-0123456789";
    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 1_000_000));

    protected Store store;
    private ApiServer api;
    protected TwilioRestClient client;
    protected String base;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    protected abstract StoreSettings freshDatabase();

    protected void dropDatabase() {}

    @BeforeEach
    void up() {
        store = Store.open(freshDatabase(), Clock.systemUTC());
        SessionPolicy policy = new SessionPolicy("ES", Duration.ofHours(4), Clock.systemUTC());
        api = new ApiServer(new HostPort("127.0.0.1", 0), List.of(KEY), policy, store)
                .mount(TwilioApi.create(store, policy, KEY, Clock.systemUTC())).start();
        base = "http://127.0.0.1:" + api.port() + "/twilio";
        client = new TwilioRestClient.Builder(ACCOUNT, KEY).httpClient(new MasklineHttpClient(base)).build();
    }

    @AfterEach
    void down() {
        if (api != null) api.close();
        if (store != null) store.close();
        dropDatabase();
    }

    static String real() {
        return String.format("+346%08d", NEXT.incrementAndGet() % 100_000_000);
    }

    private static String pool(int i) {
        return String.format("+1555020%04d", i);
    }

    private Service service(String name, int numbers) {
        Service s = Service.creator(name).create(client);
        for (int i = 0; i < numbers; i++) {
            PhoneNumber.creator(s.getSid()).setPhoneNumber(pool(i)).create(client);
        }
        return s;
    }

    private static Map<String, Object> who(String number, String name) {
        return Map.of("Identifier", number, "FriendlyName", name);
    }

    // ---- services and numbers -------------------------------------------------------------------

    @Test
    void aServiceIsAPoolOfNumbersWithDefaults() {
        Service s = Service.creator("rides").setDefaultTtl(3600)
                .setNumberSelectionBehavior(Service.NumberSelectionBehavior.AVOID_STICKY).create(client);
        assertTrue(s.getSid().matches("KS[0-9a-f]{32}"), s.getSid());
        assertEquals(ACCOUNT, s.getAccountSid());
        assertEquals("rides", s.getUniqueName());
        assertEquals(3600, s.getDefaultTtl());
        assertEquals(Service.NumberSelectionBehavior.AVOID_STICKY, s.getNumberSelectionBehavior());
        assertEquals(URI.create("https://proxy.twilio.com/v1/Services/" + s.getSid()), s.getUrl());
        assertEquals("https://proxy.twilio.com/v1/Services/" + s.getSid() + "/Sessions", s.getLinks().get("sessions"));

        PhoneNumber n = PhoneNumber.creator(s.getSid()).setPhoneNumber("+15550200001").create(client);
        PhoneNumber r = PhoneNumber.creator(s.getSid()).setPhoneNumber("+15550200002").setIsReserved(true).create(client);
        assertTrue(n.getSid().matches("PN[0-9a-f]{32}"), n.getSid());
        assertEquals("+15550200001", n.getPhoneNumber().toString());
        assertFalse(n.getIsReserved());
        assertTrue(r.getIsReserved());
        assertEquals(0, n.getInUse());
        assertTrue(n.getCapabilities().getVoice());

        assertEquals(s.getSid(), Service.fetcher("rides").fetch(client).getSid(), "a service is found by its unique name too");
        assertEquals(r.getSid(), PhoneNumber.fetcher(s.getSid(), r.getSid()).fetch(client).getSid());
        Set<String> listed = new HashSet<>();
        PhoneNumber.reader(s.getSid()).read(client).forEach(x -> listed.add(x.getSid()));
        assertEquals(Set.of(n.getSid(), r.getSid()), listed);
        assertFalse(PhoneNumber.updater(s.getSid(), r.getSid()).setIsReserved(false).update(client).getIsReserved());

        Service renamed = Service.updater(s.getSid()).setUniqueName("rides-eu").update(client);
        assertEquals("rides-eu", renamed.getUniqueName());
        assertEquals(3600, renamed.getDefaultTtl(), "what the update did not name stays");

        ApiException dup = assertThrows(ApiException.class, () -> Service.creator("rides-eu").create(client));
        assertEquals(409, dup.getStatusCode());
        assertEquals(20409, dup.getCode());
        ApiException taken = assertThrows(ApiException.class,
                () -> PhoneNumber.creator(Service.creator("other").create(client).getSid()).setPhoneNumber("+15550200001").create(client));
        assertEquals(409, taken.getStatusCode(), "a number belongs to one service");
    }

    // ---- sessions and participants --------------------------------------------------------------

    @Test
    void aSessionOpenedWithTwoParticipantsRoutesThroughTheServicesNumbers() {
        Service s = service("pairs", 2);
        String rider = real();
        String driver = real();
        Session session = Session.creator(s.getSid()).setUniqueName("trip-1").setTtl(600)
                .setParticipants(List.of(who(rider, "rider"), who(driver, "driver"))).create(client);
        assertTrue(session.getSid().matches("KC[0-9a-f]{32}"), session.getSid());
        assertEquals(Session.Status.OPEN, session.getStatus());
        assertEquals(Session.Mode.VOICE_AND_MESSAGE, session.getMode());
        assertEquals(600, session.getTtl());
        long left = Duration.between(Instant.now(), session.getDateExpiry().toInstant()).toSeconds();
        assertTrue(left > 590 && left <= 600, "date_expiry is ttl from now: " + left);

        List<Participant> ps = new ArrayList<>();
        Participant.reader(s.getSid(), session.getSid()).read(client).forEach(ps::add);
        assertEquals(2, ps.size());
        Participant r = ps.stream().filter(p -> p.getIdentifier().equals(rider)).findFirst().orElseThrow();
        Participant d = ps.stream().filter(p -> p.getIdentifier().equals(driver)).findFirst().orElseThrow();
        assertEquals("rider", r.getFriendlyName());
        assertTrue(Set.of(pool(0), pool(1)).contains(r.getProxyIdentifier()), r.getProxyIdentifier());
        assertNotNull(r.getProxyIdentifierSid());
        assertEquals(r.getSid(), Participant.fetcher(s.getSid(), session.getSid(), r.getSid()).fetch(client).getSid());

        // One engine: Maskline's own routing keys route the pair, each through the proxy the API announced.
        Route route = store.routes().findRoute(rider, r.getProxyIdentifier()).orElseThrow();
        assertEquals(driver, route.calleeNumber());
        assertEquals(d.getProxyIdentifier(), route.calleeProxy());
        assertEquals(session.getSid(), Session.fetcher(s.getSid(), "trip-1").fetch(client).getSid(), "found by unique name");
        assertEquals(session.getSid(), store.sessions().find(route.sessionId()).orElseThrow().reference(),
                "/v1 finds the session by its KC sid as reference");
    }

    @Test
    void participantsAddedOneByOneKeepTheProxyTheyWereGiven() {
        Service s = service("one-by-one", 2);
        String rider = real();
        String driver = real();
        Session session = Session.creator(s.getSid()).create(client);
        Participant r = Participant.creator(s.getSid(), session.getSid(), rider).setFriendlyName("rider").create(client);
        assertNotNull(r.getProxyIdentifier(), "a proxy as soon as the participant joins");
        assertTrue(store.routes().findRoute(rider, r.getProxyIdentifier()).isEmpty(), "a session of one routes nothing");

        Participant d = Participant.creator(s.getSid(), session.getSid(), driver).create(client);
        Route route = store.routes().findRoute(rider, r.getProxyIdentifier()).orElseThrow();
        assertEquals(driver, route.calleeNumber());
        assertEquals(d.getProxyIdentifier(), route.calleeProxy());
        assertEquals(rider, store.routes().findRoute(driver, d.getProxyIdentifier()).orElseThrow().calleeNumber());

        ApiException third = assertThrows(ApiException.class,
                () -> Participant.creator(s.getSid(), session.getSid(), real()).create(client));
        assertEquals(409, third.getStatusCode());
        assertTrue(third.getMessage().contains("two participants"), third.getMessage());
    }

    @Test
    void reservedNumbersAreGivenOnlyToWhoAsksForThem() {
        Service s = service("reserved", 1);
        PhoneNumber vip = PhoneNumber.creator(s.getSid()).setPhoneNumber(pool(9)).setIsReserved(true).create(client);
        for (int i = 0; i < 3; i++) {
            Session x = Session.creator(s.getSid()).setParticipants(List.of(who(real(), "a"), who(real(), "b"))).create(client);
            Participant.reader(s.getSid(), x.getSid()).read(client)
                    .forEach(p -> assertNotEquals(pool(9), p.getProxyIdentifier(), "a reserved number is never chosen"));
        }
        Session x = Session.creator(s.getSid()).create(client);
        Participant p = Participant.creator(s.getSid(), x.getSid(), real()).setProxyIdentifierSid(vip.getSid()).create(client);
        assertEquals(pool(9), p.getProxyIdentifier(), "given when asked for by sid");
        Participant q = Participant.creator(s.getSid(), x.getSid(), real()).setProxyIdentifier(pool(9)).create(client);
        assertEquals(pool(9), q.getProxyIdentifier(), "and by number");
        assertEquals(1, PhoneNumber.fetcher(s.getSid(), vip.getSid()).fetch(client).getInUse());
    }

    @Test
    void avoidStickyGivesAReturningPairOtherNumbers() {
        Service s = Service.creator("avoid").setNumberSelectionBehavior(Service.NumberSelectionBehavior.AVOID_STICKY).create(client);
        PhoneNumber.creator(s.getSid()).setPhoneNumber(pool(0)).create(client);
        PhoneNumber.creator(s.getSid()).setPhoneNumber(pool(1)).create(client);
        String rider = real();
        String driver = real();
        String before = null;
        for (int i = 0; i < 4; i++) {
            Session x = Session.creator(s.getSid()).setParticipants(List.of(who(rider, "r"), who(driver, "d"))).create(client);
            String now = Participant.fetcher(s.getSid(), x.getSid(), rider).fetch(client).getProxyIdentifier();
            if (before != null) {
                assertNotEquals(before, now, "avoid-sticky: not the number the rider had last time");
            }
            before = now;
            Session.updater(s.getSid(), x.getSid()).setStatus(Session.Status.CLOSED).update(client);
        }
    }

    @Test
    void sessionsPageThroughTheUrlsInMeta() {
        Service s = service("paging", 2);
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(Session.creator(s.getSid()).setParticipants(List.of(who(real(), "a"), who(real(), "b"))).create(client).getSid());
        }
        SessionReader reader = Session.reader(s.getSid()).setPageSize(2L);
        com.twilio.base.Page<Session> first = reader.firstPage(client);
        assertEquals(2, first.getRecords().size());
        assertTrue(first.hasNextPage());
        com.twilio.base.Page<Session> second = reader.nextPage(first, client);
        assertEquals(2, second.getRecords().size());
        com.twilio.base.Page<Session> third = reader.nextPage(second, client);
        assertEquals(1, third.getRecords().size());
        assertFalse(third.hasNextPage());
        Set<String> seen = new HashSet<>();
        for (var page : List.of(first, second, third)) {
            page.getRecords().forEach(x -> assertTrue(seen.add(x.getSid()), "no session twice: " + x.getSid()));
        }
        assertEquals(created, seen);
        ResourceSet<Session> all = Session.reader(s.getSid()).setPageSize(2L).read(client);
        List<String> iterated = new ArrayList<>();
        all.forEach(x -> iterated.add(x.getSid()));
        assertEquals(5, iterated.size(), "the SDK's auto-paging follows next_page_url");
        assertEquals(first.getRecords().get(0).getSid(), iterated.get(0), "newest first");
        assertThrows(ApiException.class, () -> Session.reader(s.getSid()).setPageSize(101L).firstPage(client),
                "at most 100 a page");
    }

    @Test
    void closingASessionStopsItsRoutingAtOnce() {
        Service s = service("closing", 2);
        String rider = real();
        Session x = Session.creator(s.getSid()).setParticipants(List.of(who(rider, "r"), who(real(), "d"))).create(client);
        String proxy = Participant.fetcher(s.getSid(), x.getSid(), rider).fetch(client).getProxyIdentifier();
        assertTrue(store.routes().findRoute(rider, proxy).isPresent());
        Session closed = Session.updater(s.getSid(), x.getSid()).setStatus(Session.Status.CLOSED).update(client);
        assertEquals(Session.Status.CLOSED, closed.getStatus());
        assertEquals("api", closed.getClosedReason());
        assertNotNull(closed.getDateEnded());
        assertTrue(store.routes().findRoute(rider, proxy).isEmpty(), "a closed session routes nothing");
        ApiException reopen = assertThrows(ApiException.class,
                () -> Session.updater(s.getSid(), x.getSid()).setStatus(Session.Status.IN_PROGRESS).update(client));
        assertEquals(409, reopen.getStatusCode());
        assertTrue(Session.deleter(s.getSid(), x.getSid()).delete(client));
        ApiException gone = assertThrows(ApiException.class, () -> Session.fetcher(s.getSid(), x.getSid()).fetch(client));
        assertEquals(404, gone.getStatusCode());
        assertEquals(20404, gone.getCode());
    }

    @Test
    void removingAParticipantClosesTheSession() {
        Service s = service("leaving", 2);
        String rider = real();
        Session x = Session.creator(s.getSid()).setParticipants(List.of(who(rider, "r"), who(real(), "d"))).create(client);
        Participant r = Participant.fetcher(s.getSid(), x.getSid(), rider).fetch(client);
        assertTrue(Participant.deleter(s.getSid(), x.getSid(), r.getSid()).delete(client));
        assertTrue(store.routes().findRoute(rider, r.getProxyIdentifier()).isEmpty());
        Session after = Session.fetcher(s.getSid(), x.getSid()).fetch(client);
        assertEquals(Session.Status.CLOSED, after.getStatus());
        assertEquals("participant-removed", after.getClosedReason());
    }

    @Test
    void ttlAndDateExpiryGiveTheExpiryAndTheEarlierWins() {
        Service s = Service.creator("ttl").setDefaultTtl(120).create(client);
        PhoneNumber.creator(s.getSid()).setPhoneNumber(pool(0)).create(client);
        Session byDefault = Session.creator(s.getSid()).create(client);
        long left = Duration.between(Instant.now(), byDefault.getDateExpiry().toInstant()).toSeconds();
        assertTrue(left > 110 && left <= 120, "the service's default_ttl: " + left);
        // The SDK sends DateExpiry without an offset; Twilio reads it as UTC, and so does Maskline.
        ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC).plusHours(2).truncatedTo(ChronoUnit.SECONDS);
        Session byDate = Session.creator(s.getSid()).setDateExpiry(at).create(client);
        assertEquals(at.toInstant(), byDate.getDateExpiry().toInstant());
        Session both = Session.creator(s.getSid()).setDateExpiry(at).setTtl(60).create(client);
        assertTrue(both.getDateExpiry().toInstant().isBefore(Instant.now().plusSeconds(61)), "the earlier of the two");
        Session moved = Session.updater(s.getSid(), byDate.getSid()).setTtl(30).update(client);
        assertTrue(moved.getDateExpiry().toInstant().isBefore(Instant.now().plusSeconds(31)));
        ApiException past = assertThrows(ApiException.class,
                () -> Session.creator(s.getSid()).setDateExpiry(ZonedDateTime.now(ZoneOffset.UTC).minusHours(1)).create(client));
        assertEquals(400, past.getStatusCode());
        assertTrue(past.getMessage().startsWith("DateExpiry"), past.getMessage());
    }

    // ---- interactions ---------------------------------------------------------------------------

    @Test
    void interactionsAreTheSessionsCallLog() {
        Service s = service("calls", 2);
        String rider = real();
        String driver = real();
        Session x = Session.creator(s.getSid()).setParticipants(List.of(who(rider, "r"), who(driver, "d"))).create(client);
        Participant r = Participant.fetcher(s.getSid(), x.getSid(), rider).fetch(client);
        Participant d = Participant.fetcher(s.getSid(), x.getSid(), driver).fetch(client);
        String sessionId = store.routes().findRoute(rider, r.getProxyIdentifier()).orElseThrow().sessionId();
        Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
        // As the call path writes them: a talked call from the rider, then a busy one from the driver.
        String talked = "call-" + UUID.randomUUID();
        store.calls().started(new CallRecord(talked, sessionId, rider, driver, r.getProxyIdentifier(), t0, null, null, null, null));
        store.calls().answered(talked, t0.plusSeconds(2));
        store.calls().finished(new CallRecord(talked, sessionId, rider, driver, r.getProxyIdentifier(), t0, t0.plusSeconds(2),
                t0.plusSeconds(9), CallOutcome.COMPLETED, "normal_clearing"));
        String busy = "call-" + UUID.randomUUID();
        store.calls().started(new CallRecord(busy, sessionId, driver, rider, d.getProxyIdentifier(), t0.plusSeconds(20), null, null, null, null));
        store.calls().finished(new CallRecord(busy, sessionId, driver, rider, d.getProxyIdentifier(), t0.plusSeconds(20), null,
                t0.plusSeconds(21), CallOutcome.BUSY, "user_busy"));

        List<Interaction> list = new ArrayList<>();
        Interaction.reader(s.getSid(), x.getSid()).read(client).forEach(list::add);
        assertEquals(2, list.size());
        Interaction b = list.get(0); // newest first
        Interaction c = list.get(1);
        assertEquals(Interaction.Type.VOICE, c.getType());
        assertEquals(r.getSid(), c.getInboundParticipantSid());
        assertEquals(d.getSid(), c.getOutboundParticipantSid());
        assertEquals(Interaction.ResourceStatus.COMPLETED, c.getInboundResourceStatus());
        assertEquals(Interaction.ResourceStatus.COMPLETED, c.getOutboundResourceStatus());
        assertEquals("{\"duration\":\"7\"}", c.getData());
        assertTrue(c.getInboundResourceSid().matches("CA[0-9a-f]{32}"));
        assertEquals(d.getSid(), b.getInboundParticipantSid());
        assertEquals(Interaction.ResourceStatus.BUSY, b.getOutboundResourceStatus());
        assertEquals(c.getSid(), Interaction.fetcher(s.getSid(), x.getSid(), c.getSid()).fetch(client).getSid(), "a stable sid");
        assertEquals(Session.Status.IN_PROGRESS, Session.fetcher(s.getSid(), x.getSid()).fetch(client).getStatus(),
                "a session with interactions is in-progress");

        assertTrue(Interaction.deleter(s.getSid(), x.getSid(), b.getSid()).delete(client));
        assertTrue(store.calls().find(busy).isEmpty(), "deleting the interaction deletes the call's record");
        assertEquals(404, assertThrows(ApiException.class,
                () -> Interaction.fetcher(s.getSid(), x.getSid(), b.getSid()).fetch(client)).getStatusCode());
    }

    @Test
    void messageInteractionsAreRefusedWhileMaskineHasNoMessages() {
        Service s = service("sms", 2);
        String rider = real();
        Session x = Session.creator(s.getSid()).setParticipants(List.of(who(rider, "r"), who(real(), "d"))).create(client);
        Participant r = Participant.fetcher(s.getSid(), x.getSid(), rider).fetch(client);
        ApiException e = assertThrows(ApiException.class,
                () -> MessageInteraction.creator(s.getSid(), x.getSid(), r.getSid(), "hello").create(client));
        assertEquals(400, e.getStatusCode());
        assertTrue(e.getMessage().contains("messages are not supported"), e.getMessage());
        assertFalse(MessageInteraction.reader(s.getSid(), x.getSid(), r.getSid()).read(client).iterator().hasNext());
        ApiException mode = assertThrows(ApiException.class,
                () -> Session.creator(s.getSid()).setMode(Session.Mode.MESSAGE_ONLY).create(client));
        assertEquals(400, mode.getStatusCode(), "message-only would route nothing Maskline can carry: refused");
    }

    // ---- the wire, raw --------------------------------------------------------------------------

    @Test
    void badCredentialsAreRefusedInTwiliosShape() throws Exception {
        TwilioRestClient wrongKey = new TwilioRestClient.Builder(ACCOUNT, "not-a-key-0123456789").httpClient(new MasklineHttpClient(base)).build();
        ApiException e = assertThrows(ApiException.class, () -> Service.reader().firstPage(wrongKey));
        assertEquals(401, e.getStatusCode());
        assertEquals(20003, e.getCode());
        TwilioRestClient notAnAccount = new TwilioRestClient.Builder("rider", KEY).httpClient(new MasklineHttpClient(base)).build();
        assertEquals(401, assertThrows(ApiException.class, () -> Service.reader().firstPage(notAnAccount)).getStatusCode());
        HttpResponse<String> bearer = send("GET", "/v1/Services", null, null, "Bearer " + KEY);
        assertEquals(401, bearer.statusCode(), "/twilio takes Basic, as Twilio does");
        assertEquals("Basic realm=\"maskline\"", bearer.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void badRequestsGetTwiliosErrorShape() throws Exception {
        Service s = service("errors", 1);
        JsonNode unknown = errorOf(send("POST", "/v1/Services/" + s.getSid() + "/Sessions", "application/x-www-form-urlencoded",
                "Tll=60", basic()), 400);
        assertEquals(20001, unknown.get("code").asInt());
        assertTrue(unknown.get("message").asText().startsWith("Tll: unknown parameter"), unknown.toString());
        assertEquals("https://www.twilio.com/docs/errors/20001", unknown.get("more_info").asText());
        assertEquals(20415, errorOf(send("POST", "/v1/Services", "application/json", "{\"UniqueName\":\"x\"}", basic()), 415)
                .get("code").asInt());
        assertEquals(20404, errorOf(send("GET", "/v1/Services/KS00000000000000000000000000000000", null, null, basic()), 404)
                .get("code").asInt());
        assertEquals(20004, errorOf(send("PUT", "/v1/Services", null, null, basic()), 405).get("code").asInt());
        JsonNode badNumber = errorOf(send("POST", "/v1/Services/" + s.getSid() + "/Sessions/", "application/x-www-form-urlencoded",
                "Participants=" + java.net.URLEncoder.encode("{\"Identifier\":\"not a number\"}", StandardCharsets.UTF_8), basic()), 400);
        assertTrue(badNumber.get("message").asText().startsWith("Participants[0].Identifier"), badNumber.toString());
        JsonNode list = json.readTree(send("GET", "/v1/Services?PageSize=1", null, null, basic()).body());
        assertEquals(1, list.get("services").size());
        JsonNode meta = list.get("meta");
        for (String f : List.of("page", "page_size", "first_page_url", "previous_page_url", "url", "next_page_url", "key")) {
            assertTrue(meta.has(f), "meta." + f + " is always present: " + meta);
        }
        assertTrue(meta.get("next_page_url").isNull(), "one service, one page");
        assertEquals("services", meta.get("key").asText());
    }

    private JsonNode errorOf(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode e = json.readTree(r.body());
        assertEquals(status, e.get("status").asInt());
        assertTrue(e.has("code") && e.has("message") && e.has("more_info"), r.body());
        return e;
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((ACCOUNT + ":" + KEY).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String path, String type, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) b.header("Content-Type", type);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void deletingAServiceClosesItsSessionsAndFreesItsNumbers() {
        Service s = service("gone", 2);
        String rider = real();
        Session x = Session.creator(s.getSid()).setParticipants(List.of(who(rider, "r"), who(real(), "d"))).create(client);
        String proxy = Participant.fetcher(s.getSid(), x.getSid(), rider).fetch(client).getProxyIdentifier();
        assertTrue(Service.deleter(s.getSid()).delete(client));
        assertTrue(store.routes().findRoute(rider, proxy).isEmpty());
        assertTrue(store.numbers().list().stream().noneMatch(n -> n.number().equals(proxy)), "its numbers left the pool");
        assertNull(store.sessions().find(store.sessions().findByParticipant(rider, java.util.Optional.empty()).getFirst().id())
                .filter(v -> v.status() == org.maskline.sessions.SessionStatus.OPEN).orElse(null));
        assertEquals(404, assertThrows(ApiException.class, () -> Service.fetcher(s.getSid()).fetch(client)).getStatusCode());
    }
}
