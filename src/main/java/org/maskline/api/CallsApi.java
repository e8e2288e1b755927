package org.maskline.api;

import java.util.Optional;
import java.util.Set;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRepository;

/** The call log: /v1/calls and /v1/sessions/{id}/calls. */
final class CallsApi {
    static final int DEFAULT_LIMIT = 100;

    private final CallRepository calls;
    private final SessionsApi sessions;

    CallsApi(CallRepository calls, SessionsApi sessions) {
        this.calls = calls;
        this.sessions = sessions;
    }

    ApiResponse forSession(ApiRequest r) {
        new Query(r, Set.of());
        return ApiResponse.json(200, Views.calls(calls.forSession(sessions.find(r).id())));
    }

    ApiResponse search(ApiRequest r) {
        Query q = new Query(r, Set.of("since", "outcome", "limit"));
        var since = q.one("since").map(s -> Json.parseInstant("since", s));
        Optional<CallOutcome> outcome = q.one("outcome").map(CallsApi::outcome);
        int limit = q.one("limit").map(CallsApi::limit).orElse(DEFAULT_LIMIT);
        return ApiResponse.json(200, Views.calls(calls.search(since, outcome, limit)));
    }

    private static CallOutcome outcome(String s) {
        try {
            return CallOutcome.fromCode(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("outcome: must be one of completed, busy, no_answer, canceled, failed, rejected");
        }
    }

    private static int limit(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= CallRepository.MAX_RESULTS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalidRequest("limit: must be a whole number from 1 to " + CallRepository.MAX_RESULTS);
    }
}
