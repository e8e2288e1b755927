package org.maskline.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Set;
import org.maskline.store.Page;
import org.maskline.store.PageKey;
import org.maskline.webhooks.FailedEvent;
import org.maskline.webhooks.FailedEvents;

/** /v1/webhooks/failed: events whose delivery gave up, and their retry. */
final class WebhooksApi {
    private static final String LIST = "webhooks-failed";
    private final FailedEvents failed;

    WebhooksApi(FailedEvents failed) {
        this.failed = failed;
    }

    record FailedView(String id, String type, Instant createdAt, String sessionId, JsonNode data, String target,
                      int attempts, String lastError, Instant failedAt) {}

    record FailedList(java.util.List<FailedView> events, String nextCursor) {}

    record Retried(String id, String status) {}

    ApiResponse list(ApiRequest r) {
        Query q = new Query(r, Set.of("limit", "cursor"));
        Cursor cursor = Cursor.of(q, LIST);
        var page = failed.page(cursor.limit(), cursor.after().map(k -> new FailedEvents.Key(k.at(), k.id())));
        Page<FailedEvent> shown = new Page<>(page.items(), page.next().map(k -> new PageKey(k.failedAt(), k.id())));
        return ApiResponse.json(200, new FailedList(page.items().stream().map(WebhooksApi::view).toList(),
                Cursor.next(LIST, shown)));
    }

    ApiResponse retry(ApiRequest r) {
        String id = r.pathParams().get("id");
        if (!failed.retry(id)) {
            throw ApiException.notFound("no failed event " + (id.length() > 64 ? id.substring(0, 64) + "..." : id));
        }
        return ApiResponse.json(202, new Retried(id, "pending"));
    }

    private static FailedView view(FailedEvent f) {
        var e = f.event();
        return new FailedView(e.id(), e.type(), e.createdAt(), e.sessionId(), e.data(), f.target(), f.attempts(),
                f.lastError(), f.failedAt());
    }
}
