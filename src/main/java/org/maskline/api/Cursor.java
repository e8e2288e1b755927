package org.maskline.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import org.maskline.store.Page;
import org.maskline.store.PageKey;

/**
 * The {@code limit} and {@code cursor} of every list. A cursor is opaque to clients: base64url of the
 * list's name and the (time, id) where the last page ended, so it cannot be handed to another list.
 */
record Cursor(int limit, Optional<PageKey> after) {
    static final int DEFAULT_LIMIT = 100;

    /** Reads {@code limit} and {@code cursor} from the query; {@code list} names the list the cursor must be from. */
    static Cursor of(Query q, String list) {
        int limit = q.one("limit").map(Cursor::limit).orElse(DEFAULT_LIMIT);
        return new Cursor(limit, q.one("cursor").map(c -> decode(list, c)));
    }

    /** The next page's cursor, or null on the last page (so the field is always present). */
    static String next(String list, Page<?> page) {
        return page.next().map(k -> Base64.getUrlEncoder().withoutPadding().encodeToString(
                (list + "\n" + k.at() + "\n" + k.id()).getBytes(StandardCharsets.UTF_8))).orElse(null);
    }

    private static int limit(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= Page.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalidRequest("limit: must be a whole number from 1 to " + Page.MAX_LIMIT);
    }

    private static PageKey decode(String list, String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", -1);
            if (parts.length == 3 && parts[0].equals(list) && !parts[2].isEmpty()) {
                return new PageKey(Instant.parse(parts[1]), parts[2]);
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // reported below
        }
        throw ApiException.invalidRequest("cursor: not a cursor of this list (pass nextCursor from the previous page as is)");
    }
}
