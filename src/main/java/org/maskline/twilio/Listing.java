package org.maskline.twilio;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.maskline.store.Page;
import org.maskline.store.PageKey;

/**
 * Twilio's list paging: {@code PageSize} (1 to 100, default 50), {@code Page} (the page's number, for
 * {@code meta} only) and {@code PageToken} (where the page starts: the opaque position of the previous page's
 * last row). The envelope is {@code {"<key>": [...], "meta": {...}}} with every meta field present, null
 * where there is nothing, because the SDKs read them unconditionally.
 */
record Listing(int pageSize, int page, Optional<PageKey> after) {
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 100;
    static final Set<String> PARAMS = Set.of("PageSize", "Page", "PageToken");

    static Listing of(Params p, String key) {
        int size = p.integer("PageSize", 1, MAX_SIZE).orElse(DEFAULT_SIZE);
        int page = p.integer("Page", 0, Integer.MAX_VALUE).orElse(0);
        Optional<PageKey> after = p.one("PageToken").map(t -> decode(key, t));
        if (page > 0 && after.isEmpty()) {
            throw TwilioException.invalid("Page", "pages after the first are reached with the PageToken of next_page_url");
        }
        return new Listing(size, page, after);
    }

    <T> ObjectNode render(String key, String path, Urls urls, Page<T> rows, Function<T, ObjectNode> view) {
        ObjectNode out = Wire.MAPPER.createObjectNode();
        ArrayNode items = out.putArray(key);
        rows.items().forEach(r -> items.add(view.apply(r)));
        ObjectNode meta = out.putObject("meta");
        meta.put("page", page);
        meta.put("page_size", pageSize);
        meta.put("first_page_url", urls.of(path) + "?PageSize=" + pageSize + "&Page=0");
        meta.putNull("previous_page_url");
        meta.put("url", urls.of(path) + "?PageSize=" + pageSize + "&Page=" + page
                + after.map(k -> "&PageToken=" + encode(key, k)).orElse(""));
        if (rows.next().isPresent()) {
            meta.put("next_page_url", urls.of(path) + "?PageSize=" + pageSize + "&Page=" + (page + 1)
                    + "&PageToken=" + encode(key, rows.next().get()));
        } else {
            meta.putNull("next_page_url");
        }
        meta.put("key", key);
        return out;
    }

    /** One page of an in-memory list (a session's participants: two at most). */
    static <T> Page<T> slice(List<T> all, Listing l, Function<T, PageKey> key) {
        List<T> rest = all;
        if (l.after().isPresent()) {
            int i = 0;
            while (i < all.size() && !key.apply(all.get(i)).equals(l.after().get())) i++;
            rest = i < all.size() ? all.subList(i + 1, all.size()) : List.of();
        }
        if (rest.size() <= l.pageSize()) {
            return new Page<>(rest, Optional.empty());
        }
        List<T> items = rest.subList(0, l.pageSize());
        return new Page<>(items, Optional.of(key.apply(items.getLast())));
    }

    private static String encode(String key, PageKey k) {
        return "PT" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                (key + "\n" + k.at() + "\n" + k.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static PageKey decode(String key, String token) {
        try {
            if (token.startsWith("PT")) {
                String[] parts = new String(Base64.getUrlDecoder().decode(token.substring(2)), StandardCharsets.UTF_8).split("\n", -1);
                if (parts.length == 3 && parts[0].equals(key) && !parts[2].isEmpty()) {
                    return new PageKey(Instant.parse(parts[1]), parts[2]);
                }
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // reported below
        }
        throw TwilioException.invalid("PageToken", "not a page token of this list (follow meta.next_page_url)");
    }
}
