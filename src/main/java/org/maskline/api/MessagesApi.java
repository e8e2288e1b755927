package org.maskline.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.maskline.messages.Messenger;
import org.maskline.sessions.Session;
import org.maskline.store.MessageRepository;
import org.maskline.store.MessageStatus;

/** Text messages: POST /v1/sessions/{id}/messages, and the message log (/v1/messages, /v1/sessions/{id}/messages). */
final class MessagesApi {
    private final MessageRepository messages;
    private final SessionsApi sessions;
    private final Supplier<Optional<Messenger>> messenger;

    /** @param messenger the active instance's sender; empty on a standby or with messaging off */
    MessagesApi(MessageRepository messages, SessionsApi sessions, Supplier<Optional<Messenger>> messenger) {
        this.messages = messages;
        this.sessions = sessions;
        this.messenger = messenger;
    }

    ApiResponse send(ApiRequest r) {
        ObjectNode body = Json.object(r.body());
        Json.onlyFields(body, "", Set.of("to", "body"));
        String to = Json.requiredText(body, "to", "");
        String text = Json.requiredText(body, "body", "");
        Session s = sessions.find(r);
        Messenger m = messenger.get().orElseThrow(MessagesApi::unavailable);
        Messenger.ApiSend sent = m.sendInto(s, to, text);
        if (sent.asteriskUnavailable()) {
            // Logged as failed; the caller may try again (503 with Retry-After, like the other outages).
            throw unavailable();
        }
        return ApiResponse.json(201, Views.of(sent.record()));
    }

    private static ApiException unavailable() {
        return new ApiException(503, "asterisk_unavailable", "no connection to Asterisk from this instance: the message"
                + " was not sent (retry; on a standby, send to the active instance)");
    }

    ApiResponse forSession(ApiRequest r) {
        Query q = new Query(r, Set.of("limit", "cursor"));
        Cursor cursor = Cursor.of(q, "session-messages");
        String id = sessions.find(r).id();
        var page = messages.page(new MessageRepository.Query(Optional.of(id), Optional.empty(), Optional.empty()),
                cursor.limit(), cursor.after());
        return ApiResponse.json(200, Views.messages(page, Cursor.next("session-messages", page)));
    }

    ApiResponse search(ApiRequest r) {
        Query q = new Query(r, Set.of("since", "status", "limit", "cursor"));
        var since = q.one("since").map(s -> Json.parseInstant("since", s));
        Optional<MessageStatus> status = q.one("status").map(MessagesApi::status);
        Cursor cursor = Cursor.of(q, "messages");
        var page = messages.page(new MessageRepository.Query(Optional.empty(), since, status), cursor.limit(), cursor.after());
        return ApiResponse.json(200, Views.messages(page, Cursor.next("messages", page)));
    }

    private static MessageStatus status(String s) {
        try {
            return MessageStatus.fromCode(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("status: must be one of sent, failed, rejected");
        }
    }
}
