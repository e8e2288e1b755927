package org.maskline.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.maskline.ari.Samples.bridge;
import static org.maskline.ari.Samples.channel;
import static org.maskline.ari.Samples.endpoint;
import static org.maskline.ari.Samples.event;
import static org.maskline.ari.Samples.playback;
import static org.maskline.ari.Samples.recording;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.maskline.ari.AriEvent.*;
import org.slf4j.LoggerFactory;

class EventDecoderTest {

    private final EventDecoder decoder = new EventDecoder(new LogOnce());

    private <T extends AriEvent> T decode(String json, Class<T> type) {
        return assertInstanceOf(type, decoder.decode(json));
    }

    @Test
    void stasisStartCarriesHeaderChannelAndArgs() {
        var e = decode(event("StasisStart", """
                "args":["inbound","x"],"channel":%s""".formatted(channel("c1"))), StasisStart.class);
        assertEquals("StasisStart", e.type());
        assertEquals("maskline", e.application());
        assertEquals(Instant.parse("2024-05-01T10:11:12.345Z"), e.timestamp());
        assertEquals("02:42:ac:11:00:02", e.asteriskId());
        assertEquals(List.of("inbound", "x"), e.args());
        assertNull(e.replaceChannel());
        assertEquals("c1", e.orderingKey());
        Channel c = e.channel();
        assertEquals("PJSIP/caller-00000001", c.name());
        assertEquals("Ring", c.state());
        assertEquals(new CallerId("Alice", "15551230001"), c.caller());
        assertEquals(new CallerId("", ""), c.connected());
        assertEquals(new DialplanCEP("from-sip", "15551239999", 2, "Stasis", "maskline"), c.dialplan());
        assertEquals(Instant.parse("2024-05-01T10:11:12.001Z"), c.creationtime());
        assertEquals(Map.of("MASK", "1"), c.channelvars());
        assertEquals("a84d-11@127.0.0.1", c.protocolId());
    }

    @Test
    void stasisStartWithReplaceChannel() {
        var e = decode(event("StasisStart", """
                "args":[],"channel":%s,"replace_channel":%s""".formatted(channel("new"), channel("old"))),
                StasisStart.class);
        assertEquals("old", e.replaceChannel().id());
        assertEquals("new", e.orderingKey());
    }

    @Test
    void channelOnlyEvents() {
        assertEquals("c1", decode(event("StasisEnd", "\"channel\":" + channel("c1")), StasisEnd.class).orderingKey());
        assertEquals("c2", decode(event("ChannelCreated", "\"channel\":" + channel("c2")), ChannelCreated.class)
                .channel().id());
        assertEquals("c3", decode(event("ChannelStateChange", "\"channel\":" + channel("c3")), ChannelStateChange.class)
                .orderingKey());
        assertEquals("c4", decode(event("ChannelConnectedLine", "\"channel\":" + channel("c4")),
                ChannelConnectedLine.class).orderingKey());
        assertEquals("c5", decode(event("ChannelUnhold", "\"channel\":" + channel("c5")), ChannelUnhold.class)
                .orderingKey());
        assertEquals("c6", decode(event("ChannelTalkingStarted", "\"channel\":" + channel("c6")),
                ChannelTalkingStarted.class).orderingKey());
        assertEquals("c7", decode(event("ChannelToneDetected", "\"channel\":" + channel("c7")),
                ChannelToneDetected.class).orderingKey());
    }

    @Test
    void channelDestroyedWithAndWithoutTechCause() {
        var withSip = decode(event("ChannelDestroyed", """
                "cause":17,"cause_txt":"User busy","tech_cause":486,"channel":%s""".formatted(channel("c1"))),
                ChannelDestroyed.class);
        assertEquals(17, withSip.cause());
        assertEquals("User busy", withSip.causeTxt());
        assertEquals(486, withSip.techCause());
        assertEquals("c1", withSip.orderingKey());

        var older = decode(event("ChannelDestroyed", """
                "cause":16,"cause_txt":"Normal Clearing","channel":%s""".formatted(channel("c1"))),
                ChannelDestroyed.class);
        assertNull(older.techCause());
    }

    @Test
    void hangupRequest() {
        var e = decode(event("ChannelHangupRequest", """
                "cause":16,"soft":true,"channel":%s""".formatted(channel("c1"))), ChannelHangupRequest.class);
        assertEquals(16, e.cause());
        assertTrue(e.soft());
        assertNull(e.techCause());
        var hard = decode(event("ChannelHangupRequest", "\"channel\":" + channel("c1")), ChannelHangupRequest.class);
        assertFalse(hard.soft());
        assertNull(hard.cause());
    }

    @Test
    void dialIsOrderedWithThePeer() {
        var e = decode(event("Dial", """
                "caller":%s,"peer":%s,"dialstatus":"ANSWER","dialstring":"15551239999@trunk","forward":""
                """.formatted(channel("a"), channel("b"))), Dial.class);
        assertEquals("a", e.caller().id());
        assertEquals("b", e.peer().id());
        assertEquals("ANSWER", e.dialstatus());
        assertEquals("15551239999@trunk", e.dialstring());
        assertEquals("b", e.orderingKey());

        var fromAri = decode(event("Dial", """
                "peer":%s,"dialstatus":"RINGING\"""".formatted(channel("b"))), Dial.class);
        assertNull(fromAri.caller());
        assertNull(fromAri.forwarded());
        assertEquals("b", fromAri.orderingKey());
    }

    @Test
    void bridgeMembershipIsOrderedWithTheChannel() {
        var entered = decode(event("ChannelEnteredBridge", """
                "bridge":%s,"channel":%s""".formatted(bridge("br1", "c1"), channel("c1"))), ChannelEnteredBridge.class);
        assertEquals("br1", entered.bridge().id());
        assertEquals("mixing", entered.bridge().bridgeType());
        assertEquals("stasis", entered.bridge().bridgeClass());
        assertEquals("simple_bridge", entered.bridge().technology());
        assertEquals(List.of("c1"), entered.bridge().channels());
        assertEquals("c1", entered.orderingKey());

        // The model allows an entered-bridge event without a channel; then the bridge orders it.
        var noChannel = decode(event("ChannelEnteredBridge", "\"bridge\":" + bridge("br1")), ChannelEnteredBridge.class);
        assertEquals("br1", noChannel.orderingKey());

        var left = decode(event("ChannelLeftBridge", """
                "bridge":%s,"channel":%s""".formatted(bridge("br1"), channel("c2"))), ChannelLeftBridge.class);
        assertEquals("c2", left.orderingKey());
    }

    @Test
    void bridgeEvents() {
        assertEquals("br1", decode(event("BridgeCreated", "\"bridge\":" + bridge("br1")), BridgeCreated.class)
                .orderingKey());
        assertEquals("br2", decode(event("BridgeDestroyed", "\"bridge\":" + bridge("br2")), BridgeDestroyed.class)
                .orderingKey());
        var merged = decode(event("BridgeMerged", """
                "bridge":%s,"bridge_from":%s""".formatted(bridge("to"), bridge("from"))), BridgeMerged.class);
        assertEquals("from", merged.bridgeFrom().id());
    }

    @Test
    void varsetForAChannelAndForAGlobal() {
        var e = decode(event("ChannelVarset", """
                "variable":"MASKED","value":"yes","channel":%s""".formatted(channel("c1"))), ChannelVarset.class);
        assertEquals("MASKED", e.variable());
        assertEquals("yes", e.value());
        assertEquals("c1", e.orderingKey());
        var global = decode(event("ChannelVarset", "\"variable\":\"G\",\"value\":\"1\""), ChannelVarset.class);
        assertNull(global.channel());
        assertEquals(AriEvent.NODE_KEY, global.orderingKey());
    }

    @Test
    void callerIdDtmfDialplanHoldTalking() {
        var cid = decode(event("ChannelCallerId", """
                "caller_presentation":0,"caller_presentation_txt":"Presentation Allowed, Not Screened","channel":%s
                """.formatted(channel("c1"))), ChannelCallerId.class);
        assertEquals("Presentation Allowed, Not Screened", cid.callerPresentationTxt());
        var dtmf = decode(event("ChannelDtmfReceived", """
                "digit":"5","duration_ms":120,"channel":%s""".formatted(channel("c1"))), ChannelDtmfReceived.class);
        assertEquals("5", dtmf.digit());
        assertEquals(120, dtmf.durationMs());
        var dp = decode(event("ChannelDialplan", """
                "dialplan_app":"Stasis","dialplan_app_data":"maskline","channel":%s""".formatted(channel("c1"))),
                ChannelDialplan.class);
        assertEquals("Stasis", dp.dialplanApp());
        assertEquals("maskline", dp.dialplanAppData());
        var hold = decode(event("ChannelHold", """
                "musicclass":"default","channel":%s""".formatted(channel("c1"))), ChannelHold.class);
        assertEquals("default", hold.musicclass());
        var talked = decode(event("ChannelTalkingFinished", """
                "duration":1500,"channel":%s""".formatted(channel("c1"))), ChannelTalkingFinished.class);
        assertEquals(1500, talked.duration());
    }

    @Test
    void userEvent() {
        var e = decode(event("ChannelUserevent", """
                "eventname":"masked","userevent":{"k":"v"},"channel":%s""".formatted(channel("c9"))),
                ChannelUserevent.class);
        assertEquals("masked", e.eventname());
        assertEquals("v", e.userevent().path("k").asText());
        assertEquals("c9", e.orderingKey());
    }

    @Test
    void playbackEventsAreOrderedWithTheTargetChannel() {
        var started = decode(event("PlaybackStarted", "\"playback\":" + playback("p1", "channel:c1")),
                PlaybackStarted.class);
        assertEquals("p1", started.playback().id());
        assertEquals("sound:hello-world", started.playback().mediaUri());
        assertEquals("c1", started.playback().targetChannelId());
        assertEquals("c1", started.orderingKey());
        assertEquals("c1", decode(event("PlaybackContinuing", "\"playback\":" + playback("p1", "channel:c1")),
                PlaybackContinuing.class).orderingKey());
        var onBridge = decode(event("PlaybackFinished", "\"playback\":" + playback("p2", "bridge:br1")),
                PlaybackFinished.class);
        assertNull(onBridge.playback().targetChannelId());
        assertEquals("br1", onBridge.orderingKey());
    }

    @Test
    void recordingEvents() {
        var started = decode(event("RecordingStarted", "\"recording\":" + recording("r1", "channel:c1")),
                RecordingStarted.class);
        assertEquals("c1", started.orderingKey());
        assertEquals(3, started.recording().duration());
        assertEquals(2, started.recording().talkingDuration());
        var finished = decode(event("RecordingFinished", "\"recording\":" + recording("r1", "bridge:br7")),
                RecordingFinished.class);
        assertEquals("br7", finished.orderingKey());
        assertEquals("br7", finished.recording().targetBridgeId());
        var failed = decode(event("RecordingFailed", """
                "recording":{"name":"r2","format":"wav","target_uri":"channel:c3","state":"failed","cause":"no space"}
                """), RecordingFailed.class);
        assertEquals("no space", failed.recording().cause());
        assertNull(failed.recording().duration());
        assertEquals("c3", failed.orderingKey());
    }

    @Test
    void endpointMessageAndApplicationEventsShareTheNodeKey() {
        var state = decode(event("EndpointStateChange", "\"endpoint\":" + endpoint()), EndpointStateChange.class);
        assertEquals("trunk", state.endpoint().resource());
        assertEquals(List.of("c1"), state.endpoint().channelIds());
        assertEquals(AriEvent.NODE_KEY, state.orderingKey());

        var text = decode(event("TextMessageReceived", """
                "message":{"from":"sip:a@x","to":"sip:b@y","body":"hi","variables":{"k":"v"}},"endpoint":%s
                """.formatted(endpoint())), TextMessageReceived.class);
        assertEquals("hi", text.message().body());
        assertEquals(Map.of("k", "v"), text.message().variables());
        assertEquals(AriEvent.NODE_KEY, text.orderingKey());

        var replaced = decode(event("ApplicationReplaced", ""), ApplicationReplaced.class);
        assertEquals("maskline", replaced.application());
        assertEquals(AriEvent.NODE_KEY, replaced.orderingKey());

        var peer = decode(event("PeerStatusChange", """
                "endpoint":%s,"peer":{"peer_status":"Reachable","address":"127.0.0.1","port":"5070"}
                """.formatted(endpoint())), PeerStatusChange.class);
        assertEquals("Reachable", peer.peer().peerStatus());
        var contact = decode(event("ContactStatusChange", """
                "endpoint":%s,"contact_info":{"uri":"sip:x","contact_status":"Reachable","aor":"trunk",
                "roundtrip_usec":"310"}""".formatted(endpoint())), ContactStatusChange.class);
        assertEquals("310", contact.contactInfo().roundtripUsec());
    }

    @Test
    void unknownTypeIsDeliveredRawAndKeepsItsChannelOrdering() {
        var e = decode(event("ChannelTransferProgress", "\"channel\":" + channel("c1") + ",\"state\":\"x\""),
                Unknown.class);
        assertEquals("ChannelTransferProgress", e.type());
        assertEquals("x", e.raw().path("state").asText());
        assertEquals("c1", e.orderingKey());
        var bare = decode(event("SomethingNew", ""), Unknown.class);
        assertEquals(AriEvent.NODE_KEY, bare.orderingKey());
    }

    @Test
    void unknownTypesAndFieldsAreLoggedOncePerName() {
        var logs = capture(EventDecoder.class);
        for (int i = 0; i < 3; i++) {
            decoder.decode(event("BrandNewEvent", ""));
            decoder.decode(event("StasisEnd", "\"channel\":" + channel("c" + i) + ",\"shiny\":1"));
        }
        decoder.decode(event("ChannelStateChange", "\"channel\":" + channel("c") + ",\"shiny\":1"));
        assertEquals(1, logs.list.stream().filter(l -> l.getFormattedMessage().contains("BrandNewEvent")).count());
        assertEquals(1, logs.list.stream().filter(l -> l.getFormattedMessage().contains("StasisEnd")
                && l.getFormattedMessage().contains("shiny")).count());
        // Same field name on another type is another fact worth one line.
        assertEquals(1, logs.list.stream().filter(l -> l.getFormattedMessage().contains("ChannelStateChange")
                && l.getFormattedMessage().contains("shiny")).count());
    }

    @Test
    void unknownFieldsInsideValuesAreToleratedAndLoggedOnce() {
        var logs = capture(AriJson.class);
        String field = "novel_" + System.nanoTime();
        String withExtra = channel("c1").replace("\"state\":\"Ring\"", "\"state\":\"Ring\",\"" + field + "\":{\"a\":[1]}");
        for (int i = 0; i < 3; i++) {
            var e = decode(event("StasisEnd", "\"channel\":" + withExtra), StasisEnd.class);
            assertEquals("Ring", e.channel().state());
        }
        assertEquals(1, logs.list.stream().filter(l -> l.getFormattedMessage().contains(field)).count());
    }

    @Test
    void knownTypeWithIncompatibleShapeBecomesUnknown() {
        var e = decode(event("StasisEnd", "\"channel\":{\"id\":\"c1\",\"caller\":[1,2]}"), Unknown.class);
        assertEquals("StasisEnd", e.type());
        assertEquals("c1", e.orderingKey());
    }

    @Test
    void missingHeaderFieldsAreNullNotFatal() {
        var e = decoder.decode("{\"type\":\"StasisEnd\",\"channel\":" + channel("c1") + "}");
        assertNull(e.timestamp());
        assertNull(e.asteriskId());
        assertEquals("c1", e.orderingKey());
    }

    @Test
    void nonObjectsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> decoder.decode("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> decoder.decode("{not json"));
    }

    @Test
    void asteriskTimestampsParse() {
        assertEquals(Instant.parse("2024-05-01T15:11:12.345Z"), AriJson.parseInstant("2024-05-01T10:11:12.345-0500"));
        assertEquals(Instant.parse("2024-05-01T10:11:12.345Z"), AriJson.parseInstant("2024-05-01T10:11:12.345+00:00"));
        assertEquals(Instant.parse("2024-05-01T10:11:12Z"), AriJson.parseInstant("2024-05-01T10:11:12Z"));
        assertNull(AriJson.parseInstant("yesterday"));
        assertNull(AriJson.parseInstant(""));
    }

    static ListAppender<ILoggingEvent> capture(Class<?> loggerOf) {
        var logger = (Logger) LoggerFactory.getLogger(loggerOf);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }
}
