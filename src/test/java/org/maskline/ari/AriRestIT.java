package org.maskline.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.ari.AriEvent.*;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;

/** Every REST operation Maskline uses, against the real Asterisk sandbox. */
@ExtendWith(SandboxExtension.class)
class AriRestIT {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final EventLog log = new EventLog();
    private AriClient ari;

    @BeforeEach
    void connect() throws Exception {
        ari = EventLog.connect("it", log);
    }

    @AfterEach
    void close() {
        ari.close();
    }

    static <T> T ok(CompletableFuture<T> f) throws Exception {
        return f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    static AriException failure(CompletableFuture<?> f) {
        var e = assertThrows(ExecutionException.class, () -> f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        return assertInstanceOf(AriException.class, e.getCause());
    }

    static SippPhone caller(Sandbox sandbox, String number) throws Exception {
        return SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 20000).fill("HOLD_MS", 60000)
                .call("+34600111222", number, "Alice").dial(sandbox);
    }

    @Test
    void asteriskInfoAndPing() throws Exception {
        AsteriskInfo info = ok(ari.asterisk().info());
        assertTrue(info.system().version().startsWith("22."), info.system().version());
        assertFalse(info.system().entityId().isBlank());
        assertNotNull(info.status().startupTime());
        assertNotNull(info.build().os());
        assertEquals(info.system().entityId(), ok(ari.asterisk().ping()));
    }

    @Test
    void applicationGetAndSubscribe() throws Exception {
        Application app = ok(ari.applications().get(Sandbox.ARI_APP));
        assertEquals(Sandbox.ARI_APP, app.name());
        Application subscribed = ok(ari.applications().subscribe(Sandbox.ARI_APP, "endpoint:PJSIP/trunk"));
        assertTrue(subscribed.endpointIds().contains("PJSIP/trunk"), subscribed.toString());
        Application after = ok(ari.applications().unsubscribe(Sandbox.ARI_APP, "endpoint:PJSIP/trunk"));
        assertFalse(after.endpointIds().contains("PJSIP/trunk"), after.toString());

        var missing = failure(ari.applications().get("no-such-app"));
        assertInstanceOf(AriException.NotFound.class, missing);
        assertEquals(404, missing.status());
        var badSource = failure(ari.applications().subscribe(Sandbox.ARI_APP, "channel:no-such-channel"));
        assertInstanceOf(AriException.NotInStasis.class, badSource, "422: event source does not exist");
        assertEquals(422, badSource.status());
    }

    static void assertInOrder(List<String> actual, String... expected) {
        int at = 0;
        for (String type : actual) {
            if (at < expected.length && type.equals(expected[at])) {
                at++;
            }
        }
        assertEquals(expected.length, at, "expected " + List.of(expected) + " in this order within " + actual);
    }

    @Test
    void inboundCallChannelOperations(Sandbox sandbox) throws Exception {
        try (SippPhone phone = caller(sandbox, "+15550100")) {
            StasisStart start = log.await(StasisStart.class, e -> true, DEADLINE);
            String id = start.channel().id();
            assertEquals("+34600111222", start.channel().caller().number());
            assertEquals("+15550100", start.channel().dialplan().exten());

            ok(ari.channels().ring(id));
            ok(ari.channels().ringStop(id));
            ok(ari.channels().answer(id));
            log.await(ChannelStateChange.class, e -> e.channel().id().equals(id) && e.channel().state().equals("Up"), DEADLINE);

            ok(ari.channels().setVariable(id, "MASKLINE_IT", "v1"));
            assertEquals("v1", ok(ari.channels().getVariable(id, "MASKLINE_IT")));
            assertNull(ok(ari.channels().getVariable(id, "MASKLINE_NEVER_SET")));
            assertEquals("+34600111222", ok(ari.channels().getVariable(id, "CALLERID(num)")));

            Channel got = ok(ari.channels().get(id));
            assertEquals("Up", got.state());
            assertEquals("+34600111222", got.caller().number());
            assertNotNull(got.creationtime());
            assertFalse(got.protocolId().isBlank(), "PJSIP channels carry their SIP Call-ID");
            assertTrue(ok(ari.channels().list()).stream().anyMatch(c -> c.id().equals(id)));

            String pb = AriClient.newId();
            Playback playback = ok(ari.channels().play(id, pb, "sound:beep"));
            assertEquals(pb, playback.id());
            assertEquals(id, playback.targetChannelId());
            log.await(PlaybackStarted.class, e -> e.playback().id().equals(pb), DEADLINE);
            log.await(PlaybackFinished.class, e -> e.playback().id().equals(pb), DEADLINE);

            String rec = "it-" + AriClient.newId();
            LiveRecording recording = ok(ari.channels().record(id, RecordRequest.of(rec, "wav")
                    .withMaxDurationSeconds(1).withIfExists("overwrite")));
            assertEquals(rec, recording.name());
            assertEquals(id, recording.targetChannelId());
            log.await(RecordingStarted.class, e -> e.recording().name().equals(rec), DEADLINE);
            // The SIPp phone sends no RTP; the recording still ends (state done) at its 1 s limit.
            RecordingFinished finished = log.await(RecordingFinished.class, e -> e.recording().name().equals(rec), DEADLINE);
            assertEquals("done", finished.recording().state());
            assertEquals(id, finished.orderingKey());

            ok(ari.channels().hangup(id, "normal"));
            log.await(StasisEnd.class, e -> e.channel().id().equals(id), DEADLINE);
            assertEquals(0, phone.awaitExit(DEADLINE), phone.transcript());
            assertInstanceOf(AriException.NotFound.class, failure(ari.channels().get(id)));
            var gone = failure(ari.channels().answer(id));
            assertInstanceOf(AriException.NotFound.class, gone);
            assertEquals("Channel not found", gone.asteriskMessage());
        }
    }

    @Test
    void outboundDialAndBridge(Sandbox sandbox) throws Exception {
        try (SippPhone callee = SippPhone.scenario("callee").fill("RING_MS", 300).fill("HOLD_MS", 60000)
                .port(Sandbox.CARRIER_PORT).listen(sandbox);
             SippPhone phone = caller(sandbox, "+15550100")) {
            String a = log.await(StasisStart.class, e -> true, DEADLINE).channel().id();
            ok(ari.channels().answer(a));

            String b = AriClient.newId();
            Channel created = ok(ari.channels().create(ChannelCreate.of("PJSIP/15550199@trunk", Sandbox.ARI_APP)
                    .withChannelId(b).withVariables(Map.of("CALLERID(num)", "15550100"))));
            assertEquals(b, created.id());
            assertEquals("Down", created.state());
            // The channel is only in Stasis (and dialable) once its StasisStart arrives; create returns earlier.
            log.await(StasisStart.class, e -> e.channel().id().equals(b), DEADLINE);
            ok(ari.channels().dial(b, null, 15));
            Dial answered = log.await(Dial.class, e -> e.peer().id().equals(b) && "ANSWER".equals(e.dialstatus()), DEADLINE);
            assertNull(answered.caller(), "ARI's dial names no caller channel in Dial events");
            assertEquals(b, answered.orderingKey());
            log.await(ChannelStateChange.class, e -> e.channel().id().equals(b) && e.channel().state().equals("Up"), DEADLINE);

            String br = AriClient.newId();
            Bridge bridge = ok(ari.bridges().create(br, "mixing", "it-call"));
            assertEquals(br, bridge.id());
            assertEquals("mixing", bridge.bridgeType());
            // Creating a bridge does not subscribe the application to it: without this, no BridgeDestroyed.
            Application app = ok(ari.applications().subscribe(Sandbox.ARI_APP, "bridge:" + br));
            assertTrue(app.bridgeIds().contains(br), app.toString());
            ok(ari.bridges().addChannel(br, List.of(a, b), true));
            log.await(ChannelEnteredBridge.class, e -> e.channel().id().equals(a), DEADLINE);
            log.await(ChannelEnteredBridge.class, e -> e.channel().id().equals(b), DEADLINE);
            assertEquals(java.util.Set.of(a, b), java.util.Set.copyOf(ok(ari.bridges().get(br)).channels()));
            assertTrue(ok(ari.bridges().list()).stream().anyMatch(x -> x.id().equals(br)));

            String rec = "it-" + AriClient.newId();
            LiveRecording recording = ok(ari.bridges().record(br, RecordRequest.of(rec, "wav")
                    .withMaxDurationSeconds(1).withIfExists("overwrite")));
            assertEquals(br, recording.targetBridgeId());
            log.await(RecordingStarted.class, e -> e.recording().name().equals(rec), DEADLINE);
            RecordingFinished done = log.await(RecordingFinished.class, e -> e.recording().name().equals(rec), DEADLINE);
            assertEquals(br, done.orderingKey());

            ok(ari.bridges().removeChannel(br, b));
            log.await(ChannelLeftBridge.class, e -> e.channel().id().equals(b), DEADLINE);
            var notThere = failure(ari.bridges().removeChannel(br, b));
            assertInstanceOf(AriException.NotInStasis.class, notThere);
            assertEquals(422, notThere.status());

            ok(ari.bridges().destroy(br));
            log.await(BridgeDestroyed.class, e -> e.bridge().id().equals(br), DEADLINE);
            assertInstanceOf(AriException.NotFound.class, failure(ari.bridges().get(br)));

            ok(ari.channels().hangup(b, "normal"));
            ok(ari.channels().hangup(a, "normal"));
            log.await(StasisEnd.class, e -> e.channel().id().equals(a), DEADLINE);
            log.await(StasisEnd.class, e -> e.channel().id().equals(b), DEADLINE);
            assertInOrder(log.forKey(b).stream().map(AriEvent::type).toList(), "StasisStart", "Dial", "ChannelStateChange",
                    "ChannelEnteredBridge", "ChannelLeftBridge", "ChannelHangupRequest", "StasisEnd");
            assertEquals(0, phone.awaitExit(DEADLINE), phone.transcript());
            // Masking is the call flow's job, not this client's: here the callee did get an UPDATE carrying the
            // caller's PAI after the bridge formed, even with inhibitConnectedLineUpdates (see MaskedCallIT).
            assertTrue(callee.received().stream().anyMatch(m -> "INVITE".equals(m.method())));
        }
    }

    @Test
    void dialingWithACallerChannelCopiesItsIdentityIntoTheInvite(Sandbox sandbox) throws Exception {
        try (SippPhone callee = SippPhone.scenario("callee-reject").fill("RING_MS", 100).fill("CODE", 486)
                .fill("REASON", "Busy Here").port(Sandbox.CARRIER_PORT).listen(sandbox);
             SippPhone phone = caller(sandbox, "+15550100")) {
            String a = log.await(StasisStart.class, e -> true, DEADLINE).channel().id();
            String b = AriClient.newId();
            ok(ari.channels().create(ChannelCreate.of("PJSIP/15550199@trunk", Sandbox.ARI_APP).withChannelId(b)
                    .withVariables(Map.of("CALLERID(num)", "15550100"))));
            // The channel is only in Stasis (and dialable) once its StasisStart arrives; create returns earlier.
            log.await(StasisStart.class, e -> e.channel().id().equals(b), DEADLINE);
            ok(ari.channels().dial(b, a, 10));
            log.await(ChannelDestroyed.class, e -> e.channel().id().equals(b), DEADLINE);
            // The caller parameter overrides the CALLERID set at create: the real number reaches the callee.
            String invite = callee.received().stream().filter(m -> "INVITE".equals(m.method())).findFirst()
                    .orElseThrow().raw();
            assertTrue(invite.contains("+34600111222"), invite);
            ok(ari.channels().hangup(a, "normal"));
            assertEquals(0, phone.awaitExit(DEADLINE), phone.transcript());
        }
    }

    @Test
    void busyHangupReachesThePhone(Sandbox sandbox) throws Exception {
        try (SippPhone phone = caller(sandbox, "15550100")) {
            String id = log.await(StasisStart.class, e -> true, DEADLINE).channel().id();
            // A channel that entered Stasis from the dialplan is unsubscribed at StasisEnd, so its ChannelDestroyed
            // only reaches an application that subscribed to it explicitly.
            ok(ari.applications().subscribe(Sandbox.ARI_APP, "channel:" + id));
            var badReason = failure(ari.channels().hangup(id, "not-a-reason"));
            assertInstanceOf(AriException.BadRequest.class, badReason);
            assertEquals(400, badReason.status());
            ok(ari.channels().hangup(id, "busy"));
            ChannelHangupRequest request = log.await(ChannelHangupRequest.class, e -> e.channel().id().equals(id), DEADLINE);
            assertTrue(request.soft(), "ARI's DELETE /channels is a soft hangup: the channel leaves Stasis first");
            log.await(StasisEnd.class, e -> e.channel().id().equals(id), DEADLINE);
            ChannelDestroyed destroyed = log.await(ChannelDestroyed.class, e -> e.channel().id().equals(id), DEADLINE);
            assertEquals(17, destroyed.cause());
            List<String> types = log.forKey(id).stream().map(AriEvent::type).toList();
            assertInOrder(types, "StasisStart", "ChannelHangupRequest", "StasisEnd", "ChannelDestroyed");
            assertEquals("ChannelDestroyed", types.get(types.size() - 1), types.toString());
            assertEquals(0, phone.awaitExit(DEADLINE), phone.transcript());
            assertEquals(List.of(486), phone.received().stream().map(SipMessage::status).filter(s -> s >= 200).toList());
        }
    }

    @Test
    void aRejectedDialReportsTheCalleesSipStatus(Sandbox sandbox) throws Exception {
        try (SippPhone callee = SippPhone.scenario("callee-reject").fill("RING_MS", 200).fill("CODE", 486)
                .fill("REASON", "Busy Here").port(Sandbox.CARRIER_PORT).listen(sandbox)) {
            String b = AriClient.newId();
            ok(ari.channels().create(ChannelCreate.of("PJSIP/15550199@trunk", Sandbox.ARI_APP).withChannelId(b)));
            // The channel is only in Stasis (and dialable) once its StasisStart arrives; create returns earlier.
            log.await(StasisStart.class, e -> e.channel().id().equals(b), DEADLINE);
            ok(ari.channels().dial(b, null, 10));
            ChannelDestroyed destroyed = log.await(ChannelDestroyed.class, e -> e.channel().id().equals(b), DEADLINE);
            assertEquals(17, destroyed.cause());
            // Asterisk 22 reports the SIP status of the failure as tech_cause on both events.
            ChannelHangupRequest request = log.await(ChannelHangupRequest.class, e -> e.channel().id().equals(b), DEADLINE);
            assertEquals(17, request.cause());
            assertEquals(486, request.techCause());
            assertInOrder(log.forKey(b).stream().map(AriEvent::type).toList(),
                    "StasisStart", "Dial", "ChannelHangupRequest", "StasisEnd", "ChannelDestroyed");
            // A dial started over ARI reports RINGING and ANSWER, but no final BUSY/NOANSWER Dial event.
            assertTrue(log.forKey(b).stream().noneMatch(e -> e instanceof Dial d && "BUSY".equals(d.dialstatus())));
            assertEquals(486, destroyed.techCause());
        }
    }

    @Test
    void typedErrors() throws Exception {
        var notFound = failure(ari.channels().get("no-such-channel"));
        assertInstanceOf(AriException.NotFound.class, notFound);
        assertEquals(404, notFound.status());
        assertEquals("Channel not found", notFound.asteriskMessage());
        assertInstanceOf(AriException.NotFound.class, failure(ari.bridges().destroy("no-such-bridge")));
        assertInstanceOf(AriException.NotFound.class, failure(ari.channels().hangup("no-such-channel", "normal")));
        // An unknown channel technology is not a 400 here: Asterisk answers 500 {"error": "Allocation failed"}.
        var badEndpoint = failure(ari.channels().create(ChannelCreate.of("Bogus/thing", Sandbox.ARI_APP)));
        assertInstanceOf(AriException.Unavailable.class, badEndpoint);
        assertEquals(500, badEndpoint.status());
        assertEquals("Allocation failed", badEndpoint.asteriskMessage());

        try (var wrong = new AriClient(AriConfig.of("it-wrong", URI.create(Sandbox.ARI_URL), Sandbox.ARI_USER,
                "wrong-password", Sandbox.ARI_APP), event -> {})) {
            var denied = failure(wrong.asterisk().info());
            assertInstanceOf(AriException.Unauthorized.class, denied);
            assertEquals(401, denied.status());
        }
    }

    @Test
    void sendMessage(Sandbox sandbox) throws Exception {
        // A phone on the carrier side takes the MESSAGE, so it is really sent, and answered:
        // an unanswered one would be retransmitted into the next test's phones.
        try (SippPhone sink = SippPhone.scenario("message-sink").port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox)) {
            ok(ari.endpoints().sendMessage("pjsip:trunk", "sip:15550100@127.0.0.1", "hello", Map.of("X-Maskline", "it")));
            assertEquals(0, sink.awaitExit(DEADLINE), sink.transcript());
            var message = sink.received().getFirst();
            assertEquals("MESSAGE", message.method());
            assertEquals("hello", message.body());
            assertEquals("it", message.header("X-Maskline").orElseThrow());
        }
        var unknownTech = failure(ari.endpoints().sendMessage("nosuchtech:x", "sip:a@b", "hi", Map.of()));
        assertInstanceOf(AriException.NotFound.class, unknownTech);
        assertEquals("Endpoint not found", unknownTech.asteriskMessage());
    }
}
