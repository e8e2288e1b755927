package org.maskline.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A position in a newest-first list: the time and id of the last row of a page. The next page holds
 * the rows strictly before it in (time, id) order, so rows that share a timestamp are neither lost
 * nor repeated, and rows inserted meanwhile (newer) never shift the pages that follow.
 */
public record PageKey(Instant at, String id) {
    public PageKey {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(id, "id");
    }
}
