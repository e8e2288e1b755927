package org.maskline.ari;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which warnings were already logged, so a new Asterisk field or event type costs one log line per process
 * instead of one per event.
 */
final class LogOnce {
    // A misbehaving peer could invent endless names; past this many we stop remembering (and stop logging).
    private static final int MAX_KEYS = 10_000;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** True exactly once per key. */
    boolean first(String key) {
        return seen.size() < MAX_KEYS && seen.add(key);
    }
}
