package org.maskline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** How commands print the API's answers: the JSON as sent on stdout, errors on stderr, exit codes. */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper();

    private Output() {}

    /** 0 for a 2xx (its body printed), 3 for 404, 1 for anything else (printed on stderr). */
    static int print(ApiClient.Reply r, PrintWriter out, PrintWriter err) {
        if (r.ok()) {
            if (!r.body().isBlank()) out.println(r.body());
            return 0;
        }
        err.println("maskline: HTTP " + r.status() + " " + r.body());
        return r.status() == 404 ? 3 : 1;
    }

    /** Prints every page of a list, one page's JSON per line, following nextCursor to the end. */
    static int printAll(ApiClient client, String first, PrintWriter out, PrintWriter err) {
        String cursor = null;
        do {
            ApiClient.Reply r = client.send("GET", cursor == null ? first : first + "&cursor=" + enc(cursor), null);
            int rc = print(r, out, err);
            if (rc != 0) {
                return rc;
            }
            try {
                JsonNode next = JSON.readTree(r.body()).path("nextCursor");
                cursor = next.isTextual() ? next.asText() : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } while (cursor != null);
        return 0;
    }

    /** A value as one URL path segment or query value. */
    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
