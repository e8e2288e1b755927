package org.maskline.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.PhoneNumbers;

/** What the routing webhook answered, read strictly: anything unexpected is {@link Invalid} (and refuses the call). */
sealed interface RouteAnswer {
    /** Dial {@code to}, showing {@code callerId} (which must be a pool number). */
    record Connect(String to, String callerId, boolean record) implements RouteAnswer {}

    record Reject() implements RouteAnswer {}

    /** Dial {@code to} (a support line), as an unroutable call's {@code forward:} would. */
    record Forward(String to) implements RouteAnswer {}

    /** The menu of issue 14; until it exists, the unroutable treatment. */
    record Menu() implements RouteAnswer {}

    /** Open a session with these two participants (the caller one of them) and connect the call in it. */
    record OpenSession(List<NewParticipant> participants, Optional<Long> ttlSeconds) implements RouteAnswer {}

    /** Not an answer Maskline may act on. */
    record Invalid(String why) implements RouteAnswer {}

    static RouteAnswer parse(JsonNode a) {
        if (a == null || !a.isObject()) return new Invalid("the answer is not a JSON object");
        String action = a.path("action").asText("");
        return switch (action) {
            case "connect" -> {
                Optional<String> to = e164(a, "to");
                Optional<String> callerId = e164(a, "callerId");
                if (to.isEmpty() || callerId.isEmpty()) yield new Invalid("connect needs \"to\" and \"callerId\" as +E.164 numbers");
                JsonNode rec = a.path("record");
                if (!rec.isMissingNode() && !rec.isNull() && !rec.isBoolean()) yield new Invalid("\"record\" must be true or false");
                yield new Connect(to.get(), callerId.get(), rec.asBoolean(false));
            }
            case "reject" -> new Reject();
            case "forward" -> e164(a, "to").<RouteAnswer>map(Forward::new)
                    .orElse(new Invalid("forward needs \"to\" as a +E.164 number"));
            case "menu" -> new Menu();
            case "session" -> session(a);
            default -> new Invalid("unknown action " + quote(action));
        };
    }

    private static RouteAnswer session(JsonNode a) {
        JsonNode list = a.path("participants");
        if (!list.isArray() || list.size() != 2) return new Invalid("session needs \"participants\": two numbers");
        List<NewParticipant> ps = new ArrayList<>();
        for (JsonNode p : list) {
            if (p.isTextual()) {
                ps.add(new NewParticipant(p.asText(), null));
            } else if (p.isObject() && p.path("number").isTextual()) {
                ps.add(new NewParticipant(p.get("number").asText(), p.path("label").isTextual() ? p.get("label").asText() : null));
            } else {
                return new Invalid("each participant is \"+E164\" or {\"number\", \"label\"}");
            }
        }
        JsonNode ttl = a.path("ttlSeconds");
        if (!ttl.isMissingNode() && !ttl.isNull() && !(ttl.isIntegralNumber() && ttl.asLong() > 0)) {
            return new Invalid("\"ttlSeconds\" must be a positive whole number");
        }
        return new OpenSession(ps, ttl.isIntegralNumber() ? Optional.of(ttl.asLong()) : Optional.empty());
    }

    private static Optional<String> e164(JsonNode a, String field) {
        JsonNode v = a.path(field);
        return v.isTextual() && PhoneNumbers.isE164(v.asText()) ? Optional.of(v.asText()) : Optional.empty();
    }

    private static String quote(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return "'" + t.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
