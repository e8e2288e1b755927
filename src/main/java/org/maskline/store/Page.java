package org.maskline.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a newest-first list.
 *
 * @param next where the following page starts; empty on the last page
 */
public record Page<T>(List<T> items, Optional<PageKey> next) {
    /** Most rows one page may hold. */
    public static final int MAX_LIMIT = 1000;

    public Page {
        items = List.copyOf(items);
    }

    /** Keeps {@code limit} of the {@code limit + 1} rows fetched; the extra one says there is a next page. */
    static <T> Page<T> of(List<T> rows, int limit, java.util.function.Function<T, PageKey> key) {
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(items, Optional.of(key.apply(items.getLast())));
    }

    static int check(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }
}
