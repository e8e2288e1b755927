package org.maskline.api;

import java.util.Optional;
import java.util.Set;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRepository;

/** The call log: /v1/calls and /v1/sessions/{id}/calls, newest first, paged. */
final class CallsApi {
    private final CallRepository calls;
    private final SessionsApi sessions;

    CallsApi(CallRepository calls, SessionsApi sessions) {
        this.calls = calls;
        this.sessions = sessions;
    }

    ApiResponse forSession(ApiRequest r) {
        Query q = new Query(r, Set.of("limit", "cursor"));
        Cursor cursor = Cursor.of(q, "session-calls");
        String id = sessions.find(r).id();
        var page = calls.page(new CallRepository.Query(Optional.of(id), Optional.empty(), Optional.empty()),
                cursor.limit(), cursor.after());
        return ApiResponse.json(200, Views.calls(page, Cursor.next("session-calls", page)));
    }

    ApiResponse search(ApiRequest r) {
        Query q = new Query(r, Set.of("since", "outcome", "limit", "cursor"));
        var since = q.one("since").map(s -> Json.parseInstant("since", s));
        Optional<CallOutcome> outcome = q.one("outcome").map(CallsApi::outcome);
        Cursor cursor = Cursor.of(q, "calls");
        var page = calls.page(new CallRepository.Query(Optional.empty(), since, outcome), cursor.limit(), cursor.after());
        return ApiResponse.json(200, Views.calls(page, Cursor.next("calls", page)));
    }

    private static CallOutcome outcome(String s) {
        try {
            return CallOutcome.fromCode(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("outcome: must be one of completed, busy, no_answer, canceled, failed, rejected, menu");
        }
    }
}
