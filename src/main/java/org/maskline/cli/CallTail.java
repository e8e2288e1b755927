package org.maskline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code calls tail}: which calls ended since the last look. The API lists calls newest first by
 * start, a page at a time; a call is written when it starts and completed when it ends, so a poll
 * pages through every call started since the oldest one still in progress, and prints those that
 * ended and were not printed before. The window moves forward as calls end, so each poll reads only
 * what may have changed, however many calls there are.
 */
final class CallTail {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows can be written a little late (the call-log queue): look this far behind the window's edge. */
    private static final Duration MARGIN = Duration.ofSeconds(60);
    /** A call in progress for longer than this is a row that will never end: it does not hold the window. */
    private static final Duration STALE = Duration.ofHours(6);

    /** The API refused a poll. */
    static final class Refused extends RuntimeException {
        final ApiClient.Reply reply;

        Refused(ApiClient.Reply reply) {
            super("HTTP " + reply.status(), null, false, false);
            this.reply = reply;
        }
    }

    private final ApiClient client;
    private final int pageSize;
    private final Clock clock;
    private Instant since;
    private final Map<String, Instant> printed = new HashMap<>();

    CallTail(ApiClient client, Instant since, int pageSize, Clock clock) {
        this.client = client;
        this.since = since;
        this.pageSize = pageSize;
        this.clock = clock;
    }

    /** The newest page's ended calls, oldest first: what {@code --once} prints. */
    static List<JsonNode> newest(ApiClient client, int pageSize) {
        List<JsonNode> page = fetch(client, "/v1/calls?limit=" + pageSize).calls;
        List<JsonNode> out = new ArrayList<>();
        for (int i = page.size() - 1; i >= 0; i--) {
            if (ended(page.get(i))) {
                out.add(page.get(i));
            }
        }
        return out;
    }

    /** Every call that ended since the last poll and was not printed yet, oldest first. */
    List<JsonNode> poll() {
        List<JsonNode> all = new ArrayList<>(); // newest first
        String cursor = null;
        do {
            Fetched f = fetch(client, "/v1/calls?limit=" + pageSize + "&since=" + enc(since.toString())
                    + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            all.addAll(f.calls);
            cursor = f.next;
        } while (cursor != null);
        Instant staleBefore = clock.instant().minus(STALE);
        Instant oldestOpen = null;
        List<JsonNode> fresh = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            JsonNode c = all.get(i);
            Instant started = Instant.parse(c.path("startedAt").asText());
            if (ended(c)) {
                if (printed.putIfAbsent(c.path("id").asText(), started) == null) {
                    fresh.add(c);
                }
            } else if (oldestOpen == null && started.isAfter(staleBefore)) {
                oldestOpen = started;
            }
        }
        Instant edge = oldestOpen != null ? oldestOpen
                : all.isEmpty() ? since.plus(MARGIN) : Instant.parse(all.getFirst().path("startedAt").asText());
        Instant next = edge.minus(MARGIN);
        if (next.isAfter(since)) {
            since = next;
            printed.values().removeIf(t -> t.isBefore(since));
        }
        return fresh;
    }

    private static boolean ended(JsonNode c) {
        return !(c.path("outcome").isNull() || c.path("outcome").isMissingNode());
    }

    private record Fetched(List<JsonNode> calls, String next) {}

    private static Fetched fetch(ApiClient client, String path) {
        ApiClient.Reply r = client.send("GET", path, null);
        if (!r.ok()) {
            throw new Refused(r);
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            List<JsonNode> calls = new ArrayList<>();
            body.path("calls").forEach(calls::add);
            JsonNode next = body.path("nextCursor");
            return new Fetched(calls, next.isTextual() ? next.asText() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
