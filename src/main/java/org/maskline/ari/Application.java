package org.maskline.ari;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A Stasis application and what it is subscribed to; the ids are what a reconnecting client reconciles against. */
public record Application(String name, List<String> channelIds, List<String> bridgeIds, List<String> endpointIds,
                          List<String> deviceNames, List<JsonNode> eventsAllowed, List<JsonNode> eventsDisallowed) {

    public Application {
        channelIds = channelIds == null ? List.of() : List.copyOf(channelIds);
        bridgeIds = bridgeIds == null ? List.of() : List.copyOf(bridgeIds);
        endpointIds = endpointIds == null ? List.of() : List.copyOf(endpointIds);
        deviceNames = deviceNames == null ? List.of() : List.copyOf(deviceNames);
        eventsAllowed = eventsAllowed == null ? List.of() : List.copyOf(eventsAllowed);
        eventsDisallowed = eventsDisallowed == null ? List.of() : List.copyOf(eventsDisallowed);
    }
}
