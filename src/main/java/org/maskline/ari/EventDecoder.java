package org.maskline.ari;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.maskline.ari.AriEvent.*;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one WebSocket text frame into an {@link AriEvent}. Each known type reads its fields by name; fields nobody
 * read are new in this Asterisk and are logged once per type and field, then ignored.
 */
final class EventDecoder {
    private static final Logger log = LoggerFactory.getLogger(EventDecoder.class);

    private static final Set<String> HEADER_FIELDS = Set.of("type", "application", "timestamp", "asterisk_id");

    @FunctionalInterface
    private interface Builder {
        AriEvent build(Header header, Fields fields);
    }

    private static final Map<String, Builder> BUILDERS = builders();

    private final LogOnce once;

    EventDecoder() {
        this(AriJson.UNKNOWN);
    }

    EventDecoder(LogOnce once) {
        this.once = once;
    }

    /** Decodes a message; throws {@link IllegalArgumentException} only when the text is not a JSON object. */
    AriEvent decode(String text) {
        JsonNode tree;
        try {
            tree = AriJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("ARI message is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof ObjectNode node)) {
            throw new IllegalArgumentException("ARI message is not a JSON object");
        }
        var header = new Header(node.path("type").asText(""), node.path("application").asText(null),
                AriJson.parseInstant(node.path("timestamp").asText(null)), node.path("asterisk_id").asText(null));
        Builder builder = BUILDERS.get(header.type());
        if (builder == null) {
            if (once.first("type:" + header.type())) {
                log.info("ARI event type this client does not know: '{}' (delivered as Unknown; logged once)",
                        header.type());
            }
            return new Unknown(header, node);
        }
        var fields = new Fields(node);
        AriEvent event;
        try {
            event = builder.build(header, fields);
        } catch (IllegalArgumentException e) {
            // A known type whose shape changed incompatibly: deliver it raw rather than lose it.
            if (once.first("bad:" + header.type())) {
                log.warn("ARI event {} did not match its model ({}); delivered as Unknown (logged once)",
                        header.type(), e.getMessage());
            }
            return new Unknown(header, node);
        }
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!HEADER_FIELDS.contains(name) && !fields.read.contains(name)
                    && once.first("field:" + header.type() + "." + name)) {
                log.info("ARI event {} has a field this client does not know: '{}' (ignored; logged once)",
                        header.type(), name);
            }
        }
        return event;
    }

    /** Typed, null-tolerant access to an event's fields that remembers which names were read. */
    private static final class Fields {
        final ObjectNode node;
        final Set<String> read = new HashSet<>();

        Fields(ObjectNode node) {
            this.node = node;
        }

        private JsonNode get(String name) {
            read.add(name);
            JsonNode n = node.get(name);
            return n == null || n.isNull() || n.isMissingNode() ? null : n;
        }

        <T> T object(String name, Class<T> type) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            try {
                return AriJson.MAPPER.treeToValue(n, type);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(name + ": " + e.getOriginalMessage(), e);
            }
        }

        Channel channel(String name) {
            return object(name, Channel.class);
        }

        Bridge bridge(String name) {
            return object(name, Bridge.class);
        }

        Endpoint endpoint(String name) {
            return object(name, Endpoint.class);
        }

        String text(String name) {
            JsonNode n = get(name);
            return n == null ? null : n.asText();
        }

        Integer integer(String name) {
            JsonNode n = get(name);
            return n == null || !(n.isNumber() || n.isTextual()) ? null : n.asInt();
        }

        int integer(String name, int dflt) {
            Integer v = integer(name);
            return v == null ? dflt : v;
        }

        boolean bool(String name) {
            JsonNode n = get(name);
            return n != null && n.asBoolean();
        }

        List<String> strings(String name) {
            JsonNode n = get(name);
            if (n == null || !n.isArray()) {
                return List.of();
            }
            var out = new java.util.ArrayList<String>(n.size());
            n.forEach(e -> out.add(e.asText()));
            return out;
        }

        JsonNode raw(String name) {
            return get(name);
        }
    }

    private static Map<String, Builder> builders() {
        var m = new HashMap<String, Builder>();
        m.put("StasisStart", (h, f) -> new StasisStart(h, f.channel("channel"), f.strings("args"), f.channel("replace_channel")));
        m.put("StasisEnd", (h, f) -> new StasisEnd(h, f.channel("channel")));
        m.put("ChannelCreated", (h, f) -> new ChannelCreated(h, f.channel("channel")));
        m.put("ChannelStateChange", (h, f) -> new ChannelStateChange(h, f.channel("channel")));
        m.put("ChannelDestroyed", (h, f) -> new ChannelDestroyed(h, f.channel("channel"), f.integer("cause", 0),
                f.text("cause_txt"), f.integer("tech_cause")));
        m.put("ChannelHangupRequest", (h, f) -> new ChannelHangupRequest(h, f.channel("channel"), f.integer("cause"),
                f.bool("soft"), f.integer("tech_cause")));
        m.put("Dial", (h, f) -> new Dial(h, f.channel("caller"), f.channel("peer"), f.text("dialstatus"),
                f.text("dialstring"), f.text("forward"), f.channel("forwarded")));
        m.put("ChannelDialplan", (h, f) -> new ChannelDialplan(h, f.channel("channel"), f.text("dialplan_app"),
                f.text("dialplan_app_data")));
        m.put("ChannelVarset", (h, f) -> new ChannelVarset(h, f.channel("channel"), f.text("variable"), f.text("value")));
        m.put("ChannelCallerId", (h, f) -> new ChannelCallerId(h, f.channel("channel"), f.integer("caller_presentation", 0),
                f.text("caller_presentation_txt")));
        m.put("ChannelConnectedLine", (h, f) -> new ChannelConnectedLine(h, f.channel("channel")));
        m.put("ChannelDtmfReceived", (h, f) -> new ChannelDtmfReceived(h, f.channel("channel"), f.text("digit"),
                f.integer("duration_ms", 0)));
        m.put("ChannelHold", (h, f) -> new ChannelHold(h, f.channel("channel"), f.text("musicclass")));
        m.put("ChannelUnhold", (h, f) -> new ChannelUnhold(h, f.channel("channel")));
        m.put("ChannelTalkingStarted", (h, f) -> new ChannelTalkingStarted(h, f.channel("channel")));
        m.put("ChannelTalkingFinished", (h, f) -> new ChannelTalkingFinished(h, f.channel("channel"), f.integer("duration", 0)));
        m.put("ChannelToneDetected", (h, f) -> new ChannelToneDetected(h, f.channel("channel")));
        m.put("ChannelUserevent", (h, f) -> new ChannelUserevent(h, f.text("eventname"), f.channel("channel"),
                f.bridge("bridge"), f.endpoint("endpoint"), f.raw("userevent")));
        m.put("ChannelEnteredBridge", (h, f) -> new ChannelEnteredBridge(h, f.bridge("bridge"), f.channel("channel")));
        m.put("ChannelLeftBridge", (h, f) -> new ChannelLeftBridge(h, f.bridge("bridge"), f.channel("channel")));
        m.put("BridgeCreated", (h, f) -> new BridgeCreated(h, f.bridge("bridge")));
        m.put("BridgeDestroyed", (h, f) -> new BridgeDestroyed(h, f.bridge("bridge")));
        m.put("BridgeMerged", (h, f) -> new BridgeMerged(h, f.bridge("bridge"), f.bridge("bridge_from")));
        m.put("PlaybackStarted", (h, f) -> new PlaybackStarted(h, f.object("playback", Playback.class)));
        m.put("PlaybackContinuing", (h, f) -> new PlaybackContinuing(h, f.object("playback", Playback.class)));
        m.put("PlaybackFinished", (h, f) -> new PlaybackFinished(h, f.object("playback", Playback.class)));
        m.put("RecordingStarted", (h, f) -> new RecordingStarted(h, f.object("recording", LiveRecording.class)));
        m.put("RecordingFinished", (h, f) -> new RecordingFinished(h, f.object("recording", LiveRecording.class)));
        m.put("RecordingFailed", (h, f) -> new RecordingFailed(h, f.object("recording", LiveRecording.class)));
        m.put("TextMessageReceived", (h, f) -> new TextMessageReceived(h, f.object("message", TextMessage.class),
                f.endpoint("endpoint")));
        m.put("EndpointStateChange", (h, f) -> new EndpointStateChange(h, f.endpoint("endpoint")));
        m.put("PeerStatusChange", (h, f) -> new PeerStatusChange(h, f.endpoint("endpoint"), f.object("peer", Peer.class)));
        m.put("ContactStatusChange", (h, f) -> new ContactStatusChange(h, f.endpoint("endpoint"),
                f.object("contact_info", ContactInfo.class)));
        m.put("ApplicationReplaced", (h, f) -> new ApplicationReplaced(h));
        m.put("ApplicationRegistered", (h, f) -> new ApplicationRegistered(h));
        m.put("ApplicationUnregistered", (h, f) -> new ApplicationUnregistered(h));
        return Map.copyOf(m);
    }
}
