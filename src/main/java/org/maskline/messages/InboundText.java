package org.maskline.messages;

import java.util.Locale;
import java.util.Map;
import org.maskline.ari.TextMessage;

/**
 * A carrier's message as Asterisk handed it over.
 *
 * @param sender     the sender as the carrier gave it: P-Asserted-Identity when present (the trunk is
 *                   identified by its address, so its identity headers are believed, as for calls), else From
 * @param dialed     the number written to, from To: Asterisk's event carries no Request-URI, and a
 *                   carrier's MESSAGE has the service number in both
 * @param declaredLength the carrier's Content-Length; Asterisk hands over a body too large for it as an
 *                   empty one, and this is how the two are told apart (-1 when absent)
 * @param receivedAt {@link System#nanoTime()} when the event was read, for the relay's latency
 */
record InboundText(String sender, String dialed, String body, int declaredLength, long receivedAt) {

    static InboundText of(TextMessage m, long receivedAt) {
        String pai = header(m.variables(), "P-Asserted-Identity");
        String sender = pai != null && !pai.isBlank() ? pai : m.from();
        return new InboundText(sender, uri(m.to()), m.body() == null ? "" : m.body(),
                length(header(m.variables(), "Content-Length")), receivedAt);
    }

    /** True when the carrier sent a body that Asterisk could not carry (it arrives empty). */
    boolean truncatedByAsterisk() {
        return body.isEmpty() && declaredLength > 0;
    }

    private static int length(String v) {
        try {
            return v == null ? -1 : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Asterisk prefixes the To URI with its message technology ({@code pjsip:sip:...} or {@code pjsip:...}). */
    private static String uri(String to) {
        if (to == null) return "";
        String t = to.strip();
        if (t.regionMatches(true, 0, "pjsip:", 0, 6)) {
            t = t.substring(6);
            if (!t.regionMatches(true, 0, "sip:", 0, 4) && !t.regionMatches(true, 0, "sips:", 0, 5)) t = "sip:" + t;
        }
        return t;
    }

    private static String header(Map<String, String> vars, String name) {
        for (var e : vars.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) return e.getValue();
        }
        return null;
    }
}
