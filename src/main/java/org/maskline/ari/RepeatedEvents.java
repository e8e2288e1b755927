package org.maskline.ari;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Recognizes an event Asterisk sends a second time. An application subscribed to an endpoint (Maskline
 * subscribes to the trunk for the carrier's text messages) is also sent every message of that
 * endpoint's channels through the endpoint's topic, besides its own subscription to the channels in
 * Stasis: each event of a trunk call then arrives twice, the same text (one stasis message, serialized
 * for each route). Handlers are idempotent for most events, but not a key press. Every event carries
 * its channel and a millisecond timestamp, so two real events are never the same text; comparing the
 * whole text (not a hash) means no real event is ever taken for a copy.
 *
 * <p>Not thread-safe: one per event socket, used on its event loop. The copy follows within a few
 * events, so a short window of recent texts is enough.
 */
final class RepeatedEvents {
    static final int WINDOW = 64;

    private final ArrayDeque<String> recent = new ArrayDeque<>(WINDOW);
    private final Set<String> seen = new HashSet<>(WINDOW * 2);

    /** True when {@code json} is among the last {@link #WINDOW} events: a copy to drop. */
    boolean isRepeat(String json) {
        if (seen.contains(json)) return true;
        if (recent.size() == WINDOW) seen.remove(recent.removeFirst());
        recent.addLast(json);
        seen.add(json);
        return false;
    }

    /** A new connection starts afresh (a reconnect's first events are never copies of the last ones). */
    void clear() {
        recent.clear();
        seen.clear();
    }
}
