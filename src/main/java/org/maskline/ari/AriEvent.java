package org.maskline.ari;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * An event from the Stasis WebSocket. Records mirror the models in Asterisk's {@code events.json}; a type this client
 * does not know arrives as {@link Unknown} with the raw JSON, so a newer Asterisk never breaks the stream.
 *
 * <p>{@link #orderingKey()} decides delivery order: events with the same key are handled one after another in the
 * order Asterisk sent them, events with different keys may be handled in parallel.
 */
public sealed interface AriEvent {

    /** Key shared by events that concern no channel, bridge, playback or recording (endpoints, application). */
    String NODE_KEY = "~node";

    /** The fields every ARI message carries. */
    record Header(String type, String application, Instant timestamp, String asteriskId) {}

    Header header();

    default String type() {
        return header().type();
    }

    default String application() {
        return header().application();
    }

    default Instant timestamp() {
        return header().timestamp();
    }

    default String asteriskId() {
        return header().asteriskId();
    }

    /** The channel id, else the bridge id, else the playback/recording target's id, else {@link #NODE_KEY}. */
    String orderingKey();

    private static String keyOf(Channel channel, Bridge bridge) {
        if (channel != null && channel.id() != null) {
            return channel.id();
        }
        if (bridge != null && bridge.id() != null) {
            return bridge.id();
        }
        return NODE_KEY;
    }

    private static String keyOfTarget(String targetUri) {
        String channel = Targets.channelId(targetUri);
        if (channel != null) {
            return channel;
        }
        String bridge = Targets.bridgeId(targetUri);
        return bridge != null ? bridge : NODE_KEY;
    }

    // --- channels in and out of the application

    /** A channel entered Stasis; {@code replaceChannel} is set when it replaces one (masquerade, transfer). */
    record StasisStart(Header header, Channel channel, List<String> args, Channel replaceChannel) implements AriEvent {
        public StasisStart {
            args = args == null ? List.of() : List.copyOf(args);
        }

        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    record StasisEnd(Header header, Channel channel) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    // --- channel life cycle

    record ChannelCreated(Header header, Channel channel) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    record ChannelStateChange(Header header, Channel channel) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    /**
     * The channel is gone. {@code cause} is the Q.850 cause (16 normal, 17 busy, 19 no answer, ...); {@code techCause}
     * is the SIP status that ended it, sent by Asterisk 22.7 and later, else null.
     */
    record ChannelDestroyed(Header header, Channel channel, int cause, String causeTxt, Integer techCause)
            implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    /** Someone asked to hang the channel up; {@code soft} means only the current application should stop. */
    record ChannelHangupRequest(Header header, Channel channel, Integer cause, boolean soft, Integer techCause)
            implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    /**
     * Progress of a dial. Ordered with the {@code peer} (the channel being dialed), because that is the channel whose
     * handler waits for the outcome. {@code caller} is null when the dial came from ARI itself.
     */
    record Dial(Header header, Channel caller, Channel peer, String dialstatus, String dialstring, String forward,
                Channel forwarded) implements AriEvent {
        public String orderingKey() {
            return keyOf(peer, null);
        }
    }

    record ChannelDialplan(Header header, Channel channel, String dialplanApp, String dialplanAppData)
            implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    /** {@code channel} is null for a global variable. */
    record ChannelVarset(Header header, Channel channel, String variable, String value) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    record ChannelCallerId(Header header, Channel channel, int callerPresentation, String callerPresentationTxt)
            implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    record ChannelConnectedLine(Header header, Channel channel) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    record ChannelDtmfReceived(Header header, Channel channel, String digit, int durationMs) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    record ChannelHold(Header header, Channel channel, String musicclass) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    record ChannelUnhold(Header header, Channel channel) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    record ChannelTalkingStarted(Header header, Channel channel) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    /** {@code duration} is in milliseconds. */
    record ChannelTalkingFinished(Header header, Channel channel, int duration) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    record ChannelToneDetected(Header header, Channel channel) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, null);
        }
    }

    /** A UserEvent() from the dialplan or {@code POST /events/user}; any of channel, bridge, endpoint may be null. */
    record ChannelUserevent(Header header, String eventname, Channel channel, Bridge bridge, Endpoint endpoint,
                            JsonNode userevent) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, bridge);
        }
    }

    // --- bridges

    /** Ordered with the channel, so a channel's enter/leave interleave correctly with its hangup. */
    record ChannelEnteredBridge(Header header, Bridge bridge, Channel channel) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, bridge);
        }
    }

    record ChannelLeftBridge(Header header, Bridge bridge, Channel channel) implements AriEvent {
        public String orderingKey() {
            return keyOf(channel, bridge);
        }
    }

    record BridgeCreated(Header header, Bridge bridge) implements AriEvent {
        public String orderingKey() {
            return keyOf(null, bridge);
        }
    }

    record BridgeDestroyed(Header header, Bridge bridge) implements AriEvent {
        public String orderingKey() {
            return keyOf(null, bridge);
        }
    }

    record BridgeMerged(Header header, Bridge bridge, Bridge bridgeFrom) implements AriEvent {
        public String orderingKey() {
            return keyOf(null, bridge);
        }
    }

    // --- media

    record PlaybackStarted(Header header, Playback playback) implements AriEvent {
        public String orderingKey() {
            return keyOfTarget(playback == null ? null : playback.targetUri());
        }
    }

    record PlaybackContinuing(Header header, Playback playback) implements AriEvent {
        public String orderingKey() {
            return keyOfTarget(playback == null ? null : playback.targetUri());
        }
    }

    record PlaybackFinished(Header header, Playback playback) implements AriEvent {
        public String orderingKey() {
            return keyOfTarget(playback == null ? null : playback.targetUri());
        }
    }

    record RecordingStarted(Header header, LiveRecording recording) implements AriEvent {
        public String orderingKey() {
            return keyOfTarget(recording == null ? null : recording.targetUri());
        }
    }

    record RecordingFinished(Header header, LiveRecording recording) implements AriEvent {
        public String orderingKey() {
            return keyOfTarget(recording == null ? null : recording.targetUri());
        }
    }

    record RecordingFailed(Header header, LiveRecording recording) implements AriEvent {
        public String orderingKey() {
            return keyOfTarget(recording == null ? null : recording.targetUri());
        }
    }

    // --- endpoints, messages, the application itself

    /** {@code endpoint} is null when the message did not come from a known endpoint. */
    record TextMessageReceived(Header header, TextMessage message, Endpoint endpoint) implements AriEvent {
        public String orderingKey() {
            return NODE_KEY;
        }
    }

    record EndpointStateChange(Header header, Endpoint endpoint) implements AriEvent {
        public String orderingKey() {
            return NODE_KEY;
        }
    }

    record Peer(String peerStatus, String cause, String address, String port, String time) {}

    record PeerStatusChange(Header header, Endpoint endpoint, Peer peer) implements AriEvent {
        public String orderingKey() {
            return NODE_KEY;
        }
    }

    record ContactInfo(String uri, String contactStatus, String aor, String roundtripUsec) {}

    record ContactStatusChange(Header header, Endpoint endpoint, ContactInfo contactInfo) implements AriEvent {
        public String orderingKey() {
            return NODE_KEY;
        }
    }

    /** Another WebSocket registered this application name; this socket receives nothing more for it. */
    record ApplicationReplaced(Header header) implements AriEvent {
        public String orderingKey() {
            return NODE_KEY;
        }
    }

    record ApplicationRegistered(Header header) implements AriEvent {
        public String orderingKey() {
            return NODE_KEY;
        }
    }

    record ApplicationUnregistered(Header header) implements AriEvent {
        public String orderingKey() {
            return NODE_KEY;
        }
    }

    /**
     * A type this client has no record for. {@code raw} is the whole message; its key is still the channel or bridge
     * id when the message has a {@code channel} or {@code bridge} object, so it stays ordered with its call.
     */
    record Unknown(Header header, JsonNode raw) implements AriEvent {
        public String orderingKey() {
            JsonNode id = raw.path("channel").path("id");
            if (id.isTextual()) {
                return id.asText();
            }
            id = raw.path("bridge").path("id");
            return id.isTextual() ? id.asText() : NODE_KEY;
        }
    }
}
