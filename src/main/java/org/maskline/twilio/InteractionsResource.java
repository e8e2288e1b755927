package org.maskline.twilio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.maskline.store.CallRecord;
import org.maskline.store.CallRepository;
import org.maskline.store.Page;

/**
 * Interactions: a session's call log, read from Maskline's own calls table (one row per call, newest first),
 * and MessageInteractions, which need SIP MESSAGE support that this Maskline does not have yet.
 */
final class InteractionsResource {
    private final TwilioStore store;
    private final Urls urls;
    private final SessionsResource sessions;

    InteractionsResource(TwilioStore store, Urls urls, SessionsResource sessions) {
        this.store = store;
        this.urls = urls;
        this.sessions = sessions;
    }

    Reply list(TwilioRequest r) {
        Listing l = Listing.of(r.params().only(Listing.PARAMS), "interactions");
        ProxySession s = sessions.session(r);
        Page<CallRecord> page = s.sessionId() == null ? new Page<>(java.util.List.of(), Optional.empty())
                : store.engine().calls().page(new CallRepository.Query(Optional.of(s.sessionId()), Optional.empty(),
                        Optional.empty()), l.pageSize(), l.after());
        Map<String, String> sids = participantSids(s);
        return Reply.ok(l.render("interactions", Urls.session(s.serviceSid(), s.sid()) + "/Interactions", urls, page,
                c -> view(c, s, sids, r.account())));
    }

    Reply fetch(TwilioRequest r) {
        r.params().only(Set.of());
        ProxySession s = sessions.session(r);
        return Reply.ok(view(call(r, s), s, participantSids(s), r.account()));
    }

    /** Deletes the call's record from the call log, as Twilio deletes the interaction. */
    Reply delete(TwilioRequest r) {
        r.params().only(Set.of());
        ProxySession s = sessions.session(r);
        store.engine().calls().delete(call(r, s).id());
        return Reply.deleted();
    }

    private CallRecord call(TwilioRequest r, ProxySession s) {
        String sid = r.segment(5);
        Optional<CallRecord> found = Optional.empty();
        if (s.sessionId() != null && Sids.is(Sids.INTERACTION, sid)) {
            // The sid is derived from the call id; a session has few calls, so matching them is one indexed read.
            found = store.engine().calls().forSession(s.sessionId()).stream()
                    .filter(c -> Sids.derived(Sids.INTERACTION, c.id()).equals(sid)).findFirst();
        }
        return found.orElseThrow(() -> TwilioException.notFound("Interaction " + Params.clean(sid)));
    }

    private Map<String, String> participantSids(ProxySession s) {
        return store.participants(s.sid()).stream().collect(Collectors.toMap(ProxyParticipant::identifier, ProxyParticipant::sid));
    }

    private ObjectNode view(CallRecord c, ProxySession s, Map<String, String> sids, String account) {
        return Wire.interaction(c, s, sids.get(c.caller()), c.callee() == null ? null : sids.get(c.callee()), account, urls);
    }

    // ---- message interactions -------------------------------------------------------------------

    Reply sendMessage(TwilioRequest r) {
        r.params().only(Set.of("Body", "MediaUrl"));
        ProxySession s = sessions.session(r);
        sessions.participant(r, s);
        throw TwilioException.invalid("Body", "messages are not supported by this Maskline yet (it masks calls only);"
                + " no MessageInteraction can be sent");
    }

    Reply listMessages(TwilioRequest r) {
        Listing l = Listing.of(r.params().only(Listing.PARAMS), "interactions");
        ProxySession s = sessions.session(r);
        ProxyParticipant p = sessions.participant(r, s);
        return Reply.ok(l.render("interactions", Urls.participant(s.serviceSid(), s.sid(), p.sid()) + "/MessageInteractions",
                urls, new Page<CallRecord>(java.util.List.of(), Optional.empty()), c -> view(c, s, Map.of(), r.account())));
    }

    Reply fetchMessage(TwilioRequest r) {
        r.params().only(Set.of());
        ProxySession s = sessions.session(r);
        sessions.participant(r, s);
        throw TwilioException.notFound("MessageInteraction " + Params.clean(r.segment(7)));
    }
}
