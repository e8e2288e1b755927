package org.maskline.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;

/**
 * Resources as Twilio writes them: snake_case fields, every field present (null when empty), dates as ISO 8601
 * UTC to the second, {@code sid}, {@code account_sid}, {@code url} and {@code links}.
 */
final class Wire {
    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Wire() {}

    static String date(Instant t) {
        return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    static ObjectNode service(Service s, String account, Urls urls) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("sid", s.sid());
        o.put("account_sid", account);
        o.put("unique_name", s.uniqueName());
        o.putNull("chat_instance_sid");
        o.put("callback_url", emptyToNull(s.callbackUrl()));
        o.put("default_ttl", s.defaultTtl());
        o.put("number_selection_behavior", s.numberSelectionBehavior());
        o.put("geo_match_level", s.geoMatchLevel());
        o.put("intercept_callback_url", emptyToNull(s.interceptCallbackUrl()));
        o.put("out_of_session_callback_url", emptyToNull(s.outOfSessionCallbackUrl()));
        o.put("date_created", date(s.createdAt()));
        o.put("date_updated", date(s.updatedAt()));
        String path = Urls.service(s.sid());
        o.put("url", urls.of(path));
        ObjectNode links = o.putObject("links");
        links.put("phone_numbers", urls.of(path + "/PhoneNumbers"));
        links.put("sessions", urls.of(path + "/Sessions"));
        return o;
    }

    static ObjectNode number(ServiceNumber n, String account, Urls urls, boolean sms) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("sid", n.sid());
        o.put("account_sid", account);
        o.put("service_sid", n.serviceSid());
        o.put("phone_number", n.number());
        o.put("friendly_name", n.number());
        o.put("iso_country", IsoCountry.of(n.number()));
        ObjectNode caps = o.putObject("capabilities");
        caps.put("voice", true);
        caps.put("SMS", sms);
        caps.put("MMS", false);
        caps.put("fax", false);
        o.put("is_reserved", n.reserved());
        o.put("in_use", n.inUse());
        o.put("date_created", date(n.createdAt()));
        o.put("date_updated", date(n.updatedAt()));
        o.put("url", urls.of(Urls.service(n.serviceSid()) + "/PhoneNumbers/" + n.sid()));
        return o;
    }

    static ObjectNode session(ProxySession s, String account, Urls urls) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("sid", s.sid());
        o.put("service_sid", s.serviceSid());
        o.put("account_sid", account);
        o.put("date_started", date(s.createdAt()));
        o.put("date_ended", date(s.endedAt()));
        o.put("date_last_interaction", date(s.lastInteraction()));
        o.put("date_expiry", date(s.expiresAt()));
        o.put("unique_name", s.uniqueName());
        o.put("status", s.status().wire);
        o.put("closed_reason", s.closedReason());
        if (s.ttl() == null) {
            o.putNull("ttl");
        } else {
            o.put("ttl", s.ttl());
        }
        o.put("mode", s.mode());
        o.put("date_created", date(s.createdAt()));
        o.put("date_updated", date(s.updatedAt()));
        String path = Urls.session(s.serviceSid(), s.sid());
        o.put("url", urls.of(path));
        ObjectNode links = o.putObject("links");
        links.put("interactions", urls.of(path + "/Interactions"));
        links.put("participants", urls.of(path + "/Participants"));
        return o;
    }

    static ObjectNode participant(ProxyParticipant p, String serviceSid, String account, Urls urls) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("sid", p.sid());
        o.put("session_sid", p.sessionSid());
        o.put("service_sid", serviceSid);
        o.put("account_sid", account);
        o.put("friendly_name", p.friendlyName());
        o.put("identifier", p.identifier());
        o.put("proxy_identifier", p.proxyNumber());
        o.put("proxy_identifier_sid", p.proxySid());
        o.putNull("date_deleted");
        o.put("date_created", date(p.createdAt()));
        o.put("date_updated", date(p.updatedAt()));
        String path = Urls.participant(serviceSid, p.sessionSid(), p.sid());
        o.put("url", urls.of(path));
        o.putObject("links").put("message_interactions", urls.of(path + "/MessageInteractions"));
        return o;
    }

    /**
     * A call as a voice interaction. The inbound leg is the caller's call to the proxy number, the outbound leg
     * the call to the other participant; each gets a CA sid derived from the call's id.
     *
     * @param inbound  the calling participant's sid (null if no longer a participant)
     * @param outbound the called participant's sid
     */
    static ObjectNode interaction(CallRecord c, ProxySession s, String inbound, String outbound, String account, Urls urls) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("sid", Sids.derived(Sids.INTERACTION, c.id()));
        o.put("session_sid", s.sid());
        o.put("service_sid", s.serviceSid());
        o.put("account_sid", account);
        o.put("data", c.answeredAt() == null ? null : "{\"duration\":\"" + c.talkSeconds() + "\"}");
        o.put("type", "voice");
        o.put("inbound_participant_sid", inbound);
        o.put("inbound_resource_sid", Sids.derived(Sids.CALL, "in:" + c.id()));
        o.put("inbound_resource_status", inboundStatus(c));
        o.put("inbound_resource_type", "Call");
        o.putNull("inbound_resource_url");
        o.put("outbound_participant_sid", outbound);
        boolean dialed = c.callee() != null && c.outcome() != CallOutcome.REJECTED;
        o.put("outbound_resource_sid", dialed ? Sids.derived(Sids.CALL, "out:" + c.id()) : null);
        o.put("outbound_resource_status", dialed ? outboundStatus(c) : null);
        o.put("outbound_resource_type", dialed ? "Call" : null);
        o.putNull("outbound_resource_url");
        o.put("date_created", date(c.startedAt()));
        Instant updated = c.endedAt() != null ? c.endedAt() : c.answeredAt() != null ? c.answeredAt() : c.startedAt();
        o.put("date_updated", date(updated));
        o.put("url", urls.of(Urls.session(s.serviceSid(), s.sid()) + "/Interactions/" + Sids.derived(Sids.INTERACTION, c.id())));
        return o;
    }

    /**
     * A text message as an interaction. A participant's message has an inbound leg (its MESSAGE to the proxy
     * number) and, when relayed, an outbound one; one sent through MessageInteractions has the outbound leg only.
     *
     * @param scope the participant of a MessageInteractions URL, or null for the session's Interactions
     */
    static ObjectNode message(org.maskline.store.MessageRecord m, ProxySession s, java.util.Map<String, String> sids,
                              ProxyParticipant scope, String account, Urls urls) {
        ObjectNode o = MAPPER.createObjectNode();
        String sid = InteractionsResource.sidOf(m);
        boolean inbound = m.direction() == org.maskline.store.MessageDirection.INBOUND;
        boolean relayed = m.to() != null && m.status() != org.maskline.store.MessageStatus.REJECTED;
        o.put("sid", sid);
        o.put("session_sid", s.sid());
        o.put("service_sid", s.serviceSid());
        o.put("account_sid", account);
        if (m.body() == null) {
            o.putNull("data"); // bodies are kept only with MASKLINE_STORE_MESSAGE_BODIES
        } else {
            o.put("data", MAPPER.createObjectNode().put("body", m.body()).toString());
        }
        o.put("type", "message");
        if (scope != null) {
            o.put("participant_sid", scope.sid());
        }
        o.put("inbound_participant_sid", inbound ? sids.get(m.from()) : null);
        o.put("inbound_resource_sid", inbound ? Sids.derived(Sids.MESSAGE, "in:" + m.id()) : null);
        o.put("inbound_resource_status", inbound ? "received" : null);
        o.put("inbound_resource_type", inbound ? "Message" : null);
        o.putNull("inbound_resource_url");
        o.put("outbound_participant_sid", relayed ? sids.get(m.to()) : null);
        o.put("outbound_resource_sid", relayed ? Sids.derived(Sids.MESSAGE, "out:" + m.id()) : null);
        o.put("outbound_resource_status", relayed ? (m.status() == org.maskline.store.MessageStatus.SENT ? "sent" : "failed") : null);
        o.put("outbound_resource_type", relayed ? "Message" : null);
        o.putNull("outbound_resource_url");
        o.put("date_created", date(m.createdAt()));
        o.put("date_updated", date(m.createdAt()));
        o.put("url", urls.of(scope == null
                ? Urls.session(s.serviceSid(), s.sid()) + "/Interactions/" + sid
                : Urls.participant(s.serviceSid(), s.sid(), scope.sid()) + "/MessageInteractions/" + sid));
        return o;
    }

    /** The caller's leg: ringing until answered, then in-progress; at the end, what became of the call. */
    static String inboundStatus(CallRecord c) {
        if (c.outcome() == null) {
            return c.answeredAt() == null ? "ringing" : "in-progress";
        }
        return switch (c.outcome()) {
            case COMPLETED -> "completed";
            case BUSY -> "busy";
            case NO_ANSWER -> "no-answer";
            case CANCELED -> "canceled";
            case FAILED, REJECTED -> "failed";
            case MENU -> "completed"; // issue 14: the voice menu answered the caller and the call ended there
        };
    }

    /** The called participant's leg. */
    static String outboundStatus(CallRecord c) {
        if (c.outcome() == null) {
            return c.answeredAt() == null ? "ringing" : "in-progress";
        }
        return switch (c.outcome()) {
            case COMPLETED -> "completed";
            case BUSY -> "busy";
            case NO_ANSWER -> "no-answer";
            case CANCELED -> "canceled";
            case FAILED, REJECTED -> "failed";
            case MENU -> "canceled"; // issue 14: the call ended in the voice menu; the other party was never dialed
        };
    }

    static ObjectNode error(TwilioException e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("code", e.code());
        String m = e.getMessage() == null ? "error" : e.getMessage().replaceAll("\\p{Cntrl}", "?");
        o.put("message", m.length() > 300 ? m.substring(0, 300) + "..." : m);
        // Twilio's page for the codes that mean there what they mean here; Maskline's own codes have none.
        o.put("more_info", e.code() < 20400 || e.code() == 20404 ? "https://www.twilio.com/docs/errors/" + e.code() : null);
        o.put("status", e.status());
        return o;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
