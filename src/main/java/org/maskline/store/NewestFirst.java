package org.maskline.store;

import java.util.List;
import java.util.Optional;

/**
 * The tail every newest-first list query shares: the keyset condition "strictly before the last row
 * of the previous page" over (time, id), and the order and limit. One row more than a page is read,
 * so that {@link Page#of} knows whether another page follows.
 */
final class NewestFirst {
    private NewestFirst() {}

    /** Appends to {@code sql} (which already has a WHERE clause) and binds into {@code args}. */
    static void finish(StringBuilder sql, List<Object> args, String timeColumn, Optional<PageKey> after, int limit) {
        after.ifPresent(k -> {
            sql.append(" AND (").append(timeColumn).append(" < ? OR (").append(timeColumn).append(" = ? AND id < ?))");
            args.add(k.at());
            args.add(k.at());
            args.add(k.id());
        });
        sql.append(" ORDER BY ").append(timeColumn).append(" DESC, id DESC LIMIT ").append(limit + 1);
    }
}
