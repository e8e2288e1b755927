package org.maskline.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.maskline.store.CallEventListener;
import org.maskline.store.CallRecord;
import org.maskline.webhooks.Event;
import org.maskline.webhooks.OutgoingRequest;
import org.maskline.webhooks.Outbox;
import org.maskline.webhooks.Target;

/**
 * Twilio's asynchronous callbacks, on the webhook outbox (issue 16): in the transaction of each call-log
 * change, a call of a Twilio session whose service has a {@code callback_url} appends the interaction's
 * state, and a call that found no session on a service's number appends an out-of-session notice for its
 * {@code out_of_session_callback_url}. The dispatcher delivers them (at least once, in order per session,
 * retried for 24 h) through this {@link Target}: form-encoded, signed with {@code X-Twilio-Signature}.
 *
 * <p>Out-of-session callbacks are notices: Maskline does not run TwiML or auto-create sessions from the
 * answer; the call gets the configured unroutable treatment.
 */
final class TwilioCallbacks implements CallEventListener, Target {
    static final String TARGET = "twilio";
    static final String INTERACTION = "twilio.interaction";
    static final String OUT_OF_SESSION = "twilio.out_of_session";

    private final TwilioStore store;
    private final String authToken;

    TwilioCallbacks(TwilioStore store, String authToken) {
        this.store = store;
        this.authToken = authToken;
    }

    @Override
    public void changed(Connection c, String type, CallRecord call, Instant at) throws SQLException {
        if (call.sessionId() != null) {
            Optional<TwilioStore.Callback> cb = store.interactionCallback(c, call.sessionId());
            if (cb.isPresent()) {
                Outbox.append(c, TARGET, INTERACTION, call.sessionId(), payload(cb.get().url(), interaction(call, cb.get())), at);
            }
        } else if ("call.started".equals(type)) {
            Optional<TwilioStore.Callback> cb = store.outOfSessionCallback(c, call.proxyNumber(), call.caller(), at);
            if (cb.isPresent()) {
                Map<String, String> p = new TreeMap<>();
                p.put("AccountSid", cb.get().account());
                p.put("CallSid", Sids.derived(Sids.CALL, "in:" + call.id()));
                p.put("From", call.caller());
                p.put("To", call.proxyNumber());
                p.put("CallStatus", "ringing");
                p.put("Direction", "inbound");
                p.put("interactionServiceSid", cb.get().serviceSid());
                Outbox.append(c, TARGET, OUT_OF_SESSION, null, payload(cb.get().url(), p), at);
            }
        }
    }

    /** The interaction as Twilio's callback_url parameters name it. */
    private static Map<String, String> interaction(CallRecord call, TwilioStore.Callback cb) {
        Map<String, String> p = new TreeMap<>();
        p.put("interactionSid", Sids.derived(Sids.INTERACTION, call.id()));
        p.put("interactionSessionSid", cb.sessionSid());
        p.put("interactionServiceSid", cb.serviceSid());
        p.put("interactionAccountSid", cb.account());
        p.put("interactionType", "Voice");
        p.put("interactionData", call.answeredAt() == null ? "" : "{\"duration\":\"" + call.talkSeconds() + "\"}");
        p.put("interactionDateCreated", Wire.date(call.startedAt()));
        Instant updated = call.endedAt() != null ? call.endedAt() : call.answeredAt() != null ? call.answeredAt() : call.startedAt();
        p.put("interactionDateUpdated", Wire.date(updated));
        p.put("inboundParticipantSid", cb.participants().getOrDefault(call.caller(), ""));
        p.put("inboundResourceSid", Sids.derived(Sids.CALL, "in:" + call.id()));
        p.put("inboundResourceStatus", Wire.inboundStatus(call));
        p.put("inboundResourceType", "call");
        p.put("inboundResourceUrl", "");
        p.put("outboundParticipantSid", call.callee() == null ? "" : cb.participants().getOrDefault(call.callee(), ""));
        p.put("outboundResourceSid", Sids.derived(Sids.CALL, "out:" + call.id()));
        p.put("outboundResourceStatus", Wire.outboundStatus(call));
        p.put("outboundResourceType", "call");
        p.put("outboundResourceUrl", "");
        return p;
    }

    private static ObjectNode payload(String url, Map<String, String> params) {
        ObjectNode o = Wire.MAPPER.createObjectNode();
        o.put("url", url);
        ObjectNode p = o.putObject("params");
        params.forEach((k, v) -> p.put(k, v == null ? "" : v));
        return o;
    }

    @Override
    public String name() {
        return TARGET;
    }

    @Override
    public Optional<OutgoingRequest> request(Event event, Instant now) {
        JsonNode url = event.data().get("url");
        JsonNode params = event.data().get("params");
        if (url == null || params == null) {
            return Optional.empty();
        }
        Map<String, String> p = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            p.put(e.getKey(), e.getValue().asText());
        }
        String body = p.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return Optional.of(new OutgoingRequest(URI.create(url.asText()), "application/x-www-form-urlencoded; charset=utf-8",
                body.getBytes(StandardCharsets.UTF_8), Map.of(
                        "X-Twilio-Signature", TwilioSignature.sign(authToken, url.asText(), p),
                        // Twilio's own idempotency header: a redelivery carries the same value.
                        "I-Twilio-Idempotency-Token", event.id())));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
