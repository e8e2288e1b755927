package org.maskline.ari;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A snapshot of an ARI bridge; {@code channels} holds the ids of the channels in it at that moment. */
public record Bridge(String id, String technology, String bridgeType, String bridgeClass, String name,
                     List<String> channels, String creator, String videoMode, String videoSourceId,
                     Instant creationtime, Map<String, String> bridgevars) {

    public Bridge {
        channels = channels == null ? List.of() : List.copyOf(channels);
        bridgevars = bridgevars == null ? Map.of() : Map.copyOf(bridgevars);
    }
}
