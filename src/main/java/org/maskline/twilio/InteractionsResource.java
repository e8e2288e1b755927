package org.maskline.twilio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.maskline.messages.Messenger;
import org.maskline.sessions.Session;
import org.maskline.store.CallRecord;
import org.maskline.store.CallRepository;
import org.maskline.store.MessageRecord;
import org.maskline.store.MessageRepository;
import org.maskline.store.Page;
import org.maskline.store.PageKey;

/**
 * Interactions: a session's calls (the call log) and text messages (the message log), newest first, merged
 * on one keyset; MessageInteractions: a participant's messages, and sending one to it from its proxy number.
 */
final class InteractionsResource {
    /** The most messages one session's participant listing reads (a session is one trip or delivery). */
    private static final int MAX_SESSION_MESSAGES = 1000;

    private final TwilioStore store;
    private final Urls urls;
    private final SessionsResource sessions;
    private final Supplier<Optional<Messenger>> messenger;

    InteractionsResource(TwilioStore store, Urls urls, SessionsResource sessions, Supplier<Optional<Messenger>> messenger) {
        this.store = store;
        this.urls = urls;
        this.sessions = sessions;
        this.messenger = messenger;
    }

    /** A call or a message of the session, with the (time, id) both logs page by. */
    private sealed interface Item {
        PageKey key();
    }

    private record CallItem(CallRecord c) implements Item {
        public PageKey key() {
            return new PageKey(c.startedAt(), c.id());
        }
    }

    private record MessageItem(MessageRecord m) implements Item {
        public PageKey key() {
            return new PageKey(m.createdAt(), m.id());
        }
    }

    private static final Comparator<PageKey> NEWEST_FIRST =
            Comparator.comparing(PageKey::at).thenComparing(PageKey::id).reversed();

    Reply list(TwilioRequest r) {
        Listing l = Listing.of(r.params().only(Listing.PARAMS), "interactions");
        ProxySession s = sessions.session(r);
        Page<Item> page = new Page<>(List.of(), Optional.empty());
        if (s.sessionId() != null) {
            // Both logs page newest first by (time, id) and strictly after a key: a merge of two pages is a page.
            List<Item> merged = new ArrayList<>();
            Page<CallRecord> calls = store.engine().calls().page(new CallRepository.Query(Optional.of(s.sessionId()),
                    Optional.empty(), Optional.empty()), l.pageSize(), l.after());
            Page<MessageRecord> messages = store.engine().messages().page(new MessageRepository.Query(Optional.of(s.sessionId()),
                    Optional.empty(), Optional.empty()), l.pageSize(), l.after());
            calls.items().forEach(c -> merged.add(new CallItem(c)));
            messages.items().forEach(m -> merged.add(new MessageItem(m)));
            merged.sort(Comparator.comparing(Item::key, NEWEST_FIRST));
            List<Item> items = merged.size() <= l.pageSize() ? merged : merged.subList(0, l.pageSize());
            boolean more = merged.size() > l.pageSize() || calls.next().isPresent() || messages.next().isPresent();
            page = new Page<>(items, more && !items.isEmpty() ? Optional.of(items.getLast().key()) : Optional.empty());
        }
        Map<String, String> sids = participantSids(s);
        return Reply.ok(l.render("interactions", Urls.session(s.serviceSid(), s.sid()) + "/Interactions", urls, page,
                item -> view(item, s, sids, null, r.account())));
    }

    Reply fetch(TwilioRequest r) {
        r.params().only(Set.of());
        ProxySession s = sessions.session(r);
        return Reply.ok(view(item(r.segment(5), s), s, participantSids(s), null, r.account()));
    }

    /** Deletes the call's or message's record from its log, as Twilio deletes the interaction. */
    Reply delete(TwilioRequest r) {
        r.params().only(Set.of());
        ProxySession s = sessions.session(r);
        switch (item(r.segment(5), s)) {
            case CallItem c -> store.engine().calls().delete(c.c().id());
            case MessageItem m -> store.engine().messages().delete(m.m().id());
        }
        return Reply.deleted();
    }

    private Item item(String sid, ProxySession s) {
        if (s.sessionId() != null && Sids.is(Sids.INTERACTION, sid)) {
            // Sids are derived from the record's id; a session has few calls and messages, so matching is cheap.
            Optional<CallRecord> call = store.engine().calls().forSession(s.sessionId()).stream()
                    .filter(c -> Sids.derived(Sids.INTERACTION, c.id()).equals(sid)).findFirst();
            if (call.isPresent()) {
                return new CallItem(call.get());
            }
            Optional<MessageRecord> message = messagesOf(s).stream().filter(m -> sidOf(m).equals(sid)).findFirst();
            if (message.isPresent()) {
                return new MessageItem(message.get());
            }
        }
        throw TwilioException.notFound("Interaction " + Params.clean(sid));
    }

    private List<MessageRecord> messagesOf(ProxySession s) {
        if (s.sessionId() == null) {
            return List.of();
        }
        return store.engine().messages().page(new MessageRepository.Query(Optional.of(s.sessionId()), Optional.empty(),
                Optional.empty()), MAX_SESSION_MESSAGES, Optional.empty()).items();
    }

    static String sidOf(MessageRecord m) {
        return Sids.derived(Sids.INTERACTION, "message:" + m.id());
    }

    private Map<String, String> participantSids(ProxySession s) {
        return store.participants(s.sid()).stream().collect(Collectors.toMap(ProxyParticipant::identifier, ProxyParticipant::sid));
    }

    private ObjectNode view(Item item, ProxySession s, Map<String, String> sids, ProxyParticipant scope, String account) {
        return switch (item) {
            case CallItem c -> Wire.interaction(c.c(), s, sids.get(c.c().caller()),
                    c.c().callee() == null ? null : sids.get(c.c().callee()), account, urls);
            case MessageItem m -> Wire.message(m.m(), s, sids, scope, account, urls);
        };
    }

    // ---- message interactions -------------------------------------------------------------------

    /**
     * Sends {@code Body} to the participant, from its proxy number (the number it knows the other party by),
     * through the same relay as every masked message. Needs the active instance (it holds Asterisk).
     */
    Reply sendMessage(TwilioRequest r) {
        Params p = r.params().only(Set.of("Body", "MediaUrl"));
        ProxySession s = sessions.session(r);
        ProxyParticipant to = sessions.participant(r, s);
        if (!p.all("MediaUrl").isEmpty()) {
            throw TwilioException.invalid("MediaUrl", "not supported: Maskline relays text messages only (SIP MESSAGE)");
        }
        String body = p.one("Body").orElseThrow(() -> TwilioException.invalid("Body", "is required"));
        if (s.sessionId() == null || !s.isOpen()) {
            throw TwilioException.conflict("Session " + s.sid() + " is " + (s.isOpen() ? "waiting for its second participant" : "closed")
                    + ": no message can be sent");
        }
        Messenger m = messenger.get().orElseThrow(() -> new TwilioException(503, 20503,
                "messages are sent by the active instance with messaging on; this one cannot (standby, or messaging off)"));
        Session session = store.engine().sessions().find(s.sessionId())
                .orElseThrow(() -> TwilioException.notFound("Session " + s.sid()));
        Messenger.ApiSend sent = m.sendInto(session, to.identifier(), body);
        return Reply.created(Wire.message(sent.record(), s, participantSids(s), to, r.account(), urls));
    }

    Reply listMessages(TwilioRequest r) {
        Listing l = Listing.of(r.params().only(Listing.PARAMS), "interactions");
        ProxySession s = sessions.session(r);
        ProxyParticipant p = sessions.participant(r, s);
        List<MessageRecord> mine = messagesOf(s).stream().filter(m -> involves(m, p)).toList();
        Page<MessageRecord> page = Listing.slice(mine, l, m -> new PageKey(m.createdAt(), m.id()));
        Map<String, String> sids = participantSids(s);
        return Reply.ok(l.render("interactions", Urls.participant(s.serviceSid(), s.sid(), p.sid()) + "/MessageInteractions",
                urls, page, m -> Wire.message(m, s, sids, p, r.account(), urls)));
    }

    Reply fetchMessage(TwilioRequest r) {
        r.params().only(Set.of());
        ProxySession s = sessions.session(r);
        ProxyParticipant p = sessions.participant(r, s);
        String sid = r.segment(7);
        MessageRecord m = messagesOf(s).stream().filter(x -> involves(x, p) && sidOf(x).equals(sid)).findFirst()
                .orElseThrow(() -> TwilioException.notFound("MessageInteraction " + Params.clean(sid)));
        return Reply.ok(Wire.message(m, s, participantSids(s), p, r.account(), urls));
    }

    /** A message the participant wrote or was sent. */
    private static boolean involves(MessageRecord m, ProxyParticipant p) {
        return p.identifier().equals(m.to()) || p.identifier().equals(m.from());
    }
}
