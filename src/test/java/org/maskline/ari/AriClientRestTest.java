package org.maskline.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** REST calls through the real Netty pool against a loopback fake: request shapes, decoding, error mapping. */
class AriClientRestTest {

    private FakeAsterisk fake;
    private AriClient client;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeAsterisk();
        client = new AriClient(AriConfig.of("unit", fake.ariUri(), "maskline", "secret", "maskline"), event -> {});
    }

    @AfterEach
    void tearDown() {
        client.close();
        fake.close();
    }

    private FakeAsterisk.Request lastRequest() throws InterruptedException {
        var r = fake.requests.poll(5, TimeUnit.SECONDS);
        assertTrue(r != null, "no request reached the fake");
        return r;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(5, TimeUnit.SECONDS);
    }

    private static AriException failure(CompletableFuture<?> f) {
        var e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        return assertInstanceOf(AriException.class, e.getCause());
    }

    @Test
    void createSendsQueryParamsAndVariablesBodyAndDecodesTheChannel() throws Exception {
        fake.responder = r -> new FakeAsterisk.Reply(200, Samples.channel("ml-1"));
        Channel ch = get(client.channels().create(ChannelCreate.of("PJSIP/15551239999@trunk", "maskline")
                .withChannelId("ml-1").withAppArgs("outbound").withVariables(Map.of("CALLERID(num)", "15550000000"))));
        assertEquals("ml-1", ch.id());
        var req = lastRequest();
        assertEquals("POST", req.method());
        assertEquals("/ari/channels/create", req.path());
        assertEquals("endpoint=PJSIP%2F15551239999%40trunk&app=maskline&appArgs=outbound&channelId=ml-1", req.query());
        assertEquals("{\"variables\":{\"CALLERID(num)\":\"15550000000\"}}", req.body());
        assertEquals(BasicAuth.header("maskline", "secret"), req.authorization());
    }

    @Test
    void channelOperationsUseTheDocumentedMethodsAndPaths() throws Exception {
        fake.responder = r -> new FakeAsterisk.Reply(204, null);
        get(client.channels().dial("c1", "a1", 30));
        assertEquals("POST /ari/channels/c1/dial?caller=a1&timeout=30", line(lastRequest()));
        get(client.channels().dial("c1", null, 0));
        assertEquals("POST /ari/channels/c1/dial?timeout=0", line(lastRequest()));
        get(client.channels().answer("c1"));
        assertEquals("POST /ari/channels/c1/answer", line(lastRequest()));
        get(client.channels().ring("c1"));
        assertEquals("POST /ari/channels/c1/ring", line(lastRequest()));
        get(client.channels().ringStop("c1"));
        assertEquals("DELETE /ari/channels/c1/ring", line(lastRequest()));
        get(client.channels().hangup("c1", "busy"));
        assertEquals("DELETE /ari/channels/c1?reason=busy", line(lastRequest()));
        get(client.channels().hangupWithCause("c1", 21));
        assertEquals("DELETE /ari/channels/c1?reason_code=21", line(lastRequest()));
        get(client.channels().setVariable("c1", "CALLERID(num)", "1555"));
        assertEquals("POST /ari/channels/c1/variable?variable=CALLERID%28num%29&value=1555", line(lastRequest()));
        get(client.channels().continueInDialplan("c1", "from-sip", "s", 1, null));
        assertEquals("POST /ari/channels/c1/continue?context=from-sip&extension=s&priority=1", line(lastRequest()));
    }

    @Test
    void playAndRecordDecodeTheirResources() throws Exception {
        fake.responder = r -> new FakeAsterisk.Reply(201, Samples.playback("pb1", "channel:c1"));
        Playback p = get(client.channels().play("c1", "pb1", "sound:hello-world", "sound:beep"));
        assertEquals("c1", p.targetChannelId());
        assertEquals("POST /ari/channels/c1/play?media=sound%3Ahello-world%2Csound%3Abeep&playbackId=pb1",
                line(lastRequest()));

        fake.responder = r -> new FakeAsterisk.Reply(201, Samples.recording("rec1", "bridge:b1"));
        LiveRecording rec = get(client.bridges().record("b1", RecordRequest.of("rec1", "wav").withMaxDurationSeconds(60)));
        assertEquals("b1", rec.targetBridgeId());
        assertEquals("POST /ari/bridges/b1/record?name=rec1&format=wav&maxDurationSeconds=60&maxSilenceSeconds=0"
                + "&ifExists=fail&beep=false&terminateOn=none", line(lastRequest()));
    }

    @Test
    void bridgeOperations() throws Exception {
        fake.responder = r -> new FakeAsterisk.Reply(200, Samples.bridge("b1"));
        Bridge b = get(client.bridges().create("b1", "mixing", "call-1"));
        assertEquals("mixing", b.bridgeType());
        assertEquals("POST /ari/bridges/b1?type=mixing&name=call-1", line(lastRequest()));
        fake.responder = r -> new FakeAsterisk.Reply(204, null);
        get(client.bridges().addChannel("b1", List.of("a", "b"), true));
        assertEquals("POST /ari/bridges/b1/addChannel?channel=a%2Cb&inhibitConnectedLineUpdates=true",
                line(lastRequest()));
        get(client.bridges().addChannel("b1", List.of("a"), false));
        assertEquals("POST /ari/bridges/b1/addChannel?channel=a", line(lastRequest()));
        get(client.bridges().removeChannel("b1", "a"));
        assertEquals("POST /ari/bridges/b1/removeChannel?channel=a", line(lastRequest()));
        get(client.bridges().destroy("b1"));
        assertEquals("DELETE /ari/bridges/b1", line(lastRequest()));
        fake.responder = r -> new FakeAsterisk.Reply(200, "[" + Samples.bridge("b1", "x") + "," + Samples.bridge("b2") + "]");
        List<Bridge> all = get(client.bridges().list());
        assertEquals(List.of("b1", "b2"), all.stream().map(Bridge::id).toList());
        assertEquals(List.of("x"), all.get(0).channels());
    }

    @Test
    void applicationsAsteriskAndEndpoints() throws Exception {
        fake.responder = r -> new FakeAsterisk.Reply(200, """
                {"name":"maskline","channel_ids":["c1"],"bridge_ids":[],"endpoint_ids":["PJSIP/trunk"],
                 "device_names":[],"events_allowed":[],"events_disallowed":[{"type":"ChannelVarset"}]}""");
        Application app = get(client.applications().subscribe("maskline", "endpoint:PJSIP/trunk"));
        assertEquals(List.of("c1"), app.channelIds());
        assertEquals(List.of("PJSIP/trunk"), app.endpointIds());
        assertEquals("ChannelVarset", app.eventsDisallowed().get(0).path("type").asText());
        assertEquals("POST /ari/applications/maskline/subscription?eventSource=endpoint%3APJSIP%2Ftrunk",
                line(lastRequest()));

        fake.responder = r -> new FakeAsterisk.Reply(200, """
                {"build":{"os":"Linux","kernel":"6.1","options":"","machine":"x86_64","date":"2025","user":"debian"},
                 "system":{"version":"22.10.1","entity_id":"02:42:ac:11:00:02"},
                 "config":{"name":"","default_language":"en","setid":{"user":"","group":""}},
                 "status":{"startup_time":"2025-01-02T03:04:05.678+0100","last_reload_time":"2025-01-02T03:04:05.678+0100"}}""");
        AsteriskInfo info = get(client.asterisk().info());
        assertEquals("22.10.1", info.system().version());
        assertEquals("02:42:ac:11:00:02", info.system().entityId());
        assertEquals("en", info.config().defaultLanguage());
        assertNull(info.config().maxChannels());
        assertEquals(java.time.Instant.parse("2025-01-02T02:04:05.678Z"), info.status().startupTime());
        assertEquals("GET /ari/asterisk/info", line(lastRequest()));

        fake.responder = r -> new FakeAsterisk.Reply(202, null);
        get(client.endpoints().sendMessage("pjsip:trunk", "sip:1555@x", "hi there", Map.of("X-Mask", "1")));
        var req = lastRequest();
        assertEquals("PUT /ari/endpoints/sendMessage?to=pjsip%3Atrunk&from=sip%3A1555%40x&body=hi%20there", line(req));
        assertEquals("{\"variables\":{\"X-Mask\":\"1\"}}", req.body());
    }

    @Test
    void getVariableReturnsTheValueOrNullWhenUnset() throws Exception {
        fake.responder = r -> new FakeAsterisk.Reply(200, "{\"value\":\"abc\"}");
        assertEquals("abc", get(client.channels().getVariable("c1", "X")));
        assertEquals("GET /ari/channels/c1/variable?variable=X", line(lastRequest()));
        fake.responder = r -> new FakeAsterisk.Reply(404, "{\"message\":\"Provided variable was not found\"}");
        assertNull(get(client.channels().getVariable("c1", "X")));
        fake.responder = r -> new FakeAsterisk.Reply(404, "{\"message\":\"Channel or variable not found\"}");
        // Ambiguous text: still the variable (the channel case says "Channel not found").
        assertNull(get(client.channels().getVariable("c1", "X")));
        fake.responder = r -> new FakeAsterisk.Reply(404, "{\"message\":\"Channel not found\"}");
        assertInstanceOf(AriException.NotFound.class, failure(client.channels().getVariable("gone", "X")));
    }

    @Test
    void httpErrorsBecomeTypedExceptionsWithAsterisksMessage() {
        record Case(int status, Class<? extends AriException> type) {}
        for (var c : List.of(new Case(404, AriException.NotFound.class), new Case(409, AriException.NotInStasis.class),
                new Case(422, AriException.NotInStasis.class), new Case(400, AriException.BadRequest.class),
                new Case(401, AriException.Unauthorized.class), new Case(403, AriException.Unauthorized.class),
                new Case(500, AriException.Unavailable.class), new Case(503, AriException.Unavailable.class))) {
            fake.responder = r -> new FakeAsterisk.Reply(c.status(), "{\"message\":\"because " + c.status() + "\"}");
            var e = failure(client.channels().answer("c1"));
            assertInstanceOf(c.type(), e, "HTTP " + c.status());
            assertEquals(c.status(), e.status());
            assertEquals("because " + c.status(), e.asteriskMessage());
            assertEquals("channels.answer", e.operation());
        }
    }

    @Test
    void nonJsonErrorBodyIsKeptAsText() {
        fake.responder = r -> new FakeAsterisk.Reply(500, "<html>Internal Server Error</html>");
        var e = failure(client.asterisk().info());
        assertEquals("<html>Internal Server Error</html>", e.asteriskMessage());
    }

    @Test
    void noResponseWithinTheRequestTimeoutIsATimeoutAndTheNextCallStillWorks() throws Exception {
        fake.responder = r -> r.path().contains("/slow/") ? null : new FakeAsterisk.Reply(200, "{\"value\":\"ok\"}");
        try (var impatient = new AriClient(AriConfig.of("unit", fake.ariUri(), "maskline", "secret", "maskline")
                .withRequestTimeout(Duration.ofSeconds(1)), event -> {})) {
            var e = failure(impatient.channels().answer("slow"));
            assertInstanceOf(AriException.Timeout.class, e);
            assertEquals(-1, e.status());
            assertEquals("ok", get(impatient.channels().getVariable("fast", "X")));
        }
    }

    @Test
    void connectionRefusedIsUnavailable() throws Exception {
        int freePort;
        try (var s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        try (var dead = new AriClient(AriConfig.of("dead", URI.create("http://127.0.0.1:" + freePort + "/ari"),
                "u", "p", "maskline"), event -> {})) {
            var e = failure(dead.asterisk().info());
            assertInstanceOf(AriException.Unavailable.class, e);
            assertEquals(-1, e.status());
        }
    }

    @Test
    void undecodableSuccessBodyFailsInsteadOfReturningGarbage() {
        fake.responder = r -> new FakeAsterisk.Reply(200, "not json");
        assertInstanceOf(AriException.Unavailable.class, failure(client.channels().get("c1")));
    }

    @Test
    void futuresCompleteOffTheEventLoop() throws Exception {
        fake.responder = r -> new FakeAsterisk.Reply(200, Samples.channel("c1"));
        var thread = get(client.channels().get("c1").thenApply(c -> Thread.currentThread()));
        assertFalse(thread.getName().startsWith("ari-io-"), thread.getName());
    }

    @Test
    void manyConcurrentCallsShareTheBoundedPool() throws Exception {
        fake.responder = r -> new FakeAsterisk.Reply(200, "{\"value\":\"" + r.query() + "\"}");
        // A cold JVM may need a while for 500 requests; this test is about the pool, not speed.
        try (var patient = new AriClient(AriConfig.of("unit", fake.ariUri(), "maskline", "secret", "maskline")
                .withRequestTimeout(Duration.ofSeconds(30)), event -> {})) {
            var futures = new java.util.ArrayList<CompletableFuture<String>>();
            for (int i = 0; i < 500; i++) {
                futures.add(patient.channels().getVariable("c" + i, "V"));
            }
            for (int i = 0; i < 500; i++) {
                assertEquals("variable=V", futures.get(i).get(30, TimeUnit.SECONDS));
            }
        }
    }

    private static String line(FakeAsterisk.Request r) {
        return r.method() + " " + r.uri();
    }
}
