package org.maskline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code messages tail}: the messages logged since the last look. A message's row is final when it
 * is written, so a poll pages through every row created since a little before the newest one seen
 * (rows carry the time the message arrived, and may be written up to a few seconds later), and
 * prints those not printed before.
 */
final class MessageTail {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A row is written after its message was sent (Asterisk may take seconds): look this far behind. */
    private static final Duration MARGIN = Duration.ofSeconds(60);

    private final ApiClient client;
    private final int pageSize;
    private Instant since;
    private final Map<String, Instant> printed = new HashMap<>();

    MessageTail(ApiClient client, Instant since, int pageSize) {
        this.client = client;
        this.since = since;
        this.pageSize = pageSize;
    }

    /** The newest page, oldest first: what {@code --once} prints. */
    static List<JsonNode> newest(ApiClient client, int pageSize) {
        List<JsonNode> page = fetch(client, "/v1/messages?limit=" + pageSize).messages;
        return page.reversed();
    }

    /** Every message logged since the last poll and not printed yet, oldest first. */
    List<JsonNode> poll() {
        List<JsonNode> all = new ArrayList<>(); // newest first
        String cursor = null;
        do {
            Fetched f = fetch(client, "/v1/messages?limit=" + pageSize + "&since=" + enc(since.toString())
                    + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            all.addAll(f.messages);
            cursor = f.next;
        } while (cursor != null);
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode m : all.reversed()) {
            if (printed.putIfAbsent(m.path("id").asText(), Instant.parse(m.path("createdAt").asText())) == null) {
                fresh.add(m);
            }
        }
        if (!all.isEmpty()) {
            Instant next = Instant.parse(all.getFirst().path("createdAt").asText()).minus(MARGIN);
            if (next.isAfter(since)) {
                since = next;
                printed.values().removeIf(t -> t.isBefore(since));
            }
        }
        return fresh;
    }

    private record Fetched(List<JsonNode> messages, String next) {}

    private static Fetched fetch(ApiClient client, String path) {
        ApiClient.Reply r = client.send("GET", path, null);
        if (!r.ok()) {
            throw new CallTail.Refused(r);
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            List<JsonNode> messages = new ArrayList<>();
            body.path("messages").forEach(messages::add);
            JsonNode next = body.path("nextCursor");
            return new Fetched(messages, next.isTextual() ? next.asText() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
