package org.maskline.api;

import java.util.Optional;
import java.util.Set;
import org.maskline.callbacks.Callback;
import org.maskline.callbacks.CallbackStatus;
import org.maskline.callbacks.CallbackStore;

/** /v1/callbacks: the callback requests the menu took, newest first, paged; DELETE cancels one (issue 14). */
final class CallbacksApi {
    private final CallbackStore callbacks;

    CallbacksApi(CallbackStore callbacks) {
        this.callbacks = callbacks;
    }

    ApiResponse list(ApiRequest r) {
        Query q = new Query(r, Set.of("status", "limit", "cursor"));
        Optional<CallbackStatus> status = q.one("status").map(CallbacksApi::status);
        Cursor cursor = Cursor.of(q, "callbacks");
        var page = callbacks.page(status, cursor.limit(), cursor.after());
        return ApiResponse.json(200, Views.callbacks(page, Cursor.next("callbacks", page)));
    }

    ApiResponse get(ApiRequest r) {
        String id = r.pathParams().get("id");
        return ApiResponse.json(200, Views.of(callbacks.find(id).orElseThrow(() -> notFound(id))));
    }

    /** Idempotent for a canceled request; 409 for one that already ended otherwise (nothing left to cancel). */
    ApiResponse cancel(ApiRequest r) {
        String id = r.pathParams().get("id");
        Callback cb = callbacks.cancel(id).orElseThrow(() -> notFound(id));
        if (cb.status() != CallbackStatus.CANCELED) {
            throw new ApiException(409, "conflict", "callback " + Echo.quote(id) + " is " + cb.status().code()
                    + "; only a pending or calling callback can be canceled");
        }
        return ApiResponse.json(200, Views.of(cb));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no callback " + Echo.quote(id));
    }

    private static CallbackStatus status(String s) {
        try {
            return CallbackStatus.fromCode(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("status: must be one of pending, calling, completed, failed, expired, canceled");
        }
    }
}
