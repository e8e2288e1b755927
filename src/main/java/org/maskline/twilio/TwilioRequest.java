package org.maskline.twilio;

import java.util.List;

/**
 * One authenticated request, as the resources see it.
 *
 * @param path     the path below {@code /twilio}, e.g. {@code /v1/Services/KS...}
 * @param segments the decoded segments after {@code v1}
 * @param account  the account sid the client authenticated as (echoed as {@code account_sid})
 */
record TwilioRequest(String method, String path, List<String> segments, Params params, String account) {
    String segment(int i) {
        return segments.get(i);
    }
}
