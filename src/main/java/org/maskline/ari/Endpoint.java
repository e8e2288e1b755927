package org.maskline.ari;

import java.util.List;

/** An endpoint such as {@code PJSIP/trunk}; {@code state} is "unknown", "offline", "online" or null. */
public record Endpoint(String technology, String resource, String state, List<String> channelIds) {
    public Endpoint {
        channelIds = channelIds == null ? List.of() : List.copyOf(channelIds);
    }
}
