package org.maskline.api;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.maskline.sessions.Participant;
import org.maskline.sessions.PoolNumber;
import org.maskline.sessions.Session;
import org.maskline.store.CallRecord;
import org.maskline.store.MessageRecord;
import org.maskline.store.Page;

/** The JSON shapes of the API, as documented in openapi.json. */
final class Views {
    private Views() {}

    record ErrorBody(ErrorDetail error) {}

    record ErrorDetail(String code, String message) {}

    record SessionView(String id, String status, String reference, Instant createdAt, Instant expiresAt,
                       List<Participant> participants, int recontactSeconds, String mode, boolean record) {}

    record SessionList(List<SessionView> sessions, String nextCursor) {}

    record NumberView(String number, long openSessions, String status) {}

    record NumberList(List<NumberView> numbers, String nextCursor) {}

    /**
     * @param recording null when the call was not recorded (issue 15)
     * @param flags     the QA keywords its transcript holds; empty when none (issue 15)
     */
    record CallView(String id, String sessionId, String caller, String callee, String proxyNumber, Instant startedAt,
                    Instant answeredAt, Instant endedAt, long talkSeconds, String outcome, String hangupCause,
                    String menuChoice, String callbackId, RecordingView recording, List<String> flags) {}

    // ---- issue 15: recordings and transcripts --------------------------------------------------
    record RecordingView(String status, Long durationSeconds) {}

    record SegmentView(String speaker, double start, double end, String text) {}

    record TranscriptView(String status, String language, String text, List<SegmentView> segments, List<String> flags) {}

    static List<SegmentView> segments(com.fasterxml.jackson.databind.JsonNode list) {
        List<SegmentView> out = new java.util.ArrayList<>();
        for (var s : list) {
            out.add(new SegmentView(s.path("speaker").asText(), s.path("start").asDouble(), s.path("end").asDouble(),
                    s.path("text").asText()));
        }
        return out;
    }

    static RecordingView recording(org.maskline.store.RecordingRepository.Recording r) {
        if (r == null) return null;
        return new RecordingView(r.status().code(), r.durationMs() == null ? null : Math.round(r.durationMs() / 1000.0));
    }
    // ---- end issue 15 ---------------------------------------------------------------------------

    record CallList(List<CallView> calls, String nextCursor) {}

    /** A message; {@code body} only when bodies are stored (MASKLINE_STORE_MESSAGE_BODIES), else absent. */
    record MessageView(String id, String sessionId, String from, String to, String proxyNumber, String direction,
                       String status, String reason, Instant createdAt, int bodyLength,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                       String body) {}

    record MessageList(List<MessageView> messages, String nextCursor) {}

    record Health(String status) {}

    /** A participant's availability; {@code availableNow} folds in an {@code until} that has passed. */
    record AvailabilityView(String number, boolean available, Instant until, boolean availableNow, Instant updatedAt) {}

    record CallbackView(String id, String sessionId, String requester, String target, String status, int attempts,
                        Instant createdAt, Instant expiresAt) {}

    record CallbackList(List<CallbackView> callbacks, String nextCursor) {}

    static AvailabilityView of(org.maskline.sessions.Availability a, Instant now) {
        return new AvailabilityView(a.number(), a.available(), a.until(), a.availableAt(now), a.updatedAt());
    }

    static CallbackView of(org.maskline.callbacks.Callback c) {
        return new CallbackView(c.id(), c.sessionId(), c.requester(), c.target(), c.status().code(), c.attempts(),
                c.createdAt(), c.expiresAt());
    }

    static CallbackList callbacks(Page<org.maskline.callbacks.Callback> page, String nextCursor) {
        return new CallbackList(page.items().stream().map(Views::of).toList(), nextCursor);
    }

    /** /ready: {@code down} names what is down; an error (503) carries the usual error too. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Ready(String status, String role, List<String> down, ErrorDetail error) {}

    static ErrorBody error(String code, String message) {
        return new ErrorBody(new ErrorDetail(code, message));
    }

    static SessionView of(Session s) {
        return new SessionView(s.id(), s.status().code(), s.reference(), s.createdAt(), s.expiresAt(), s.participants(),
                s.recontactSeconds(), s.mode().code(), s.record());
    }

    static SessionList sessions(Page<Session> page, String nextCursor) {
        return new SessionList(page.items().stream().map(Views::of).toList(), nextCursor);
    }

    static NumberView of(PoolNumber n) {
        return new NumberView(n.number(), n.openSessions(), n.status().name().toLowerCase(Locale.ROOT));
    }

    static CallView of(CallRecord c, org.maskline.store.RecordingRepository.Summary s) {
        return new CallView(c.id(), c.sessionId(), c.caller(), c.callee(), c.proxyNumber(), c.startedAt(), c.answeredAt(),
                c.endedAt(), c.talkSeconds(), c.outcome() == null ? null : c.outcome().code(), c.hangupCause(),
                c.menuChoice(), c.callbackId(),
                s == null ? null : recording(s.recording()), s == null ? List.of() : s.flags());
    }

    static MessageView of(MessageRecord m) {
        return new MessageView(m.id(), m.sessionId(), m.from(), m.to(), m.proxyNumber(), m.direction().code(),
                m.status().code(), m.reason(), m.createdAt(), m.bodyLength(), m.body());
    }

    static MessageList messages(Page<MessageRecord> page, String nextCursor) {
        return new MessageList(page.items().stream().map(Views::of).toList(), nextCursor);
    }

    static CallList calls(Page<CallRecord> page, String nextCursor,
                          java.util.Map<String, org.maskline.store.RecordingRepository.Summary> summaries) {
        return new CallList(page.items().stream().map(c -> of(c, summaries.get(c.id()))).toList(), nextCursor);
    }
}
