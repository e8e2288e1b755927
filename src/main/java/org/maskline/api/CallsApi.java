package org.maskline.api;

import java.util.Optional;
import java.util.Set;
import org.maskline.store.CallRecord;
import org.maskline.store.Page;
import org.maskline.store.RecordingRepository;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRepository;

/** The call log: /v1/calls and /v1/sessions/{id}/calls, newest first, paged. */
final class CallsApi {
    private final CallRepository calls;
    private final SessionsApi sessions;
    private final RecordingRepository recordings;

    CallsApi(CallRepository calls, SessionsApi sessions, RecordingRepository recordings) {
        this.calls = calls;
        this.sessions = sessions;
        this.recordings = recordings;
    }

    /** The page in the API's shape, each row with its recording and QA flags (one more query per page). */
    private Views.CallList view(Page<CallRecord> page, String next) {
        return Views.calls(page, next, recordings.summaries(page.items().stream().map(CallRecord::id).toList()));
    }

    ApiResponse forSession(ApiRequest r) {
        Query q = new Query(r, Set.of("limit", "cursor"));
        Cursor cursor = Cursor.of(q, "session-calls");
        String id = sessions.find(r).id();
        var page = calls.page(new CallRepository.Query(Optional.of(id), Optional.empty(), Optional.empty()),
                cursor.limit(), cursor.after());
        return ApiResponse.json(200, view(page, Cursor.next("session-calls", page)));
    }

    ApiResponse search(ApiRequest r) {
        Query q = new Query(r, Set.of("since", "outcome", "flagged", "limit", "cursor"));
        var since = q.one("since").map(s -> Json.parseInstant("since", s));
        Optional<CallOutcome> outcome = q.one("outcome").map(CallsApi::outcome);
        boolean flagged = q.one("flagged").map(CallsApi::flagged).orElse(false);
        Cursor cursor = Cursor.of(q, "calls");
        var page = calls.page(new CallRepository.Query(Optional.empty(), since, outcome, flagged), cursor.limit(), cursor.after());
        return ApiResponse.json(200, view(page, Cursor.next("calls", page)));
    }

    private static boolean flagged(String s) {
        return switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalidRequest("flagged: must be true or false");
        };
    }

    private static CallOutcome outcome(String s) {
        try {
            return CallOutcome.fromCode(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("outcome: must be one of completed, busy, no_answer, canceled, failed, rejected, menu");
        }
    }
}
