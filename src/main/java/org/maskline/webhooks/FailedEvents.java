package org.maskline.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The failed list and its retry, for the REST API. */
public final class FailedEvents {
    /** Where a page of the newest-first list ended. */
    public record Key(Instant failedAt, String id) {}

    /** One page; {@code next} is empty on the last one. */
    public record Page(List<FailedEvent> items, Optional<Key> next) {}

    private final Transactions db;
    private final Clock clock;

    public FailedEvents(Transactions db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Newest failure first. */
    public Page page(int limit, Optional<Key> after) {
        List<FailedEvent> rows = db.read(c -> OutboxRows.failed(c, limit, after));
        if (rows.size() <= limit) return new Page(rows, Optional.empty());
        List<FailedEvent> items = List.copyOf(rows.subList(0, limit));
        FailedEvent last = items.getLast();
        return new Page(items, Optional.of(new Key(last.failedAt(), last.event().id())));
    }

    /** Puts a failed event back in its stream, due now. @return false when there is no failed event with this id */
    public boolean retry(String id) {
        Instant now = clock.instant();
        return db.inTransaction(c -> OutboxRows.retry(c, id, now));
    }
}
