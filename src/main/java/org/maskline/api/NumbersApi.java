package org.maskline.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.maskline.sessions.PoolNumber;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.NumberRepository;

/** /v1/numbers: the proxy pool. */
final class NumbersApi {
    private final NumberRepository numbers;
    private final SessionPolicy policy;

    NumbersApi(NumberRepository numbers, SessionPolicy policy) {
        this.numbers = numbers;
        this.policy = policy;
    }

    ApiResponse add(ApiRequest r) {
        ObjectNode body = Json.object(r.body());
        Json.onlyFields(body, "", Set.of("number"));
        String number = policy.normalize(Json.requiredText(body, "number", ""));
        return ApiResponse.json(201, Views.of(numbers.add(number)));
    }

    ApiResponse list(ApiRequest r) {
        Cursor cursor = Cursor.of(new Query(r, Set.of("limit", "cursor")), "numbers");
        var page = numbers.page(cursor.limit(), cursor.after());
        return ApiResponse.json(200, new Views.NumberList(page.items().stream().map(Views::of).toList(), Cursor.next("numbers", page)));
    }

    ApiResponse retire(ApiRequest r) {
        String number = policy.normalize(r.pathParams().get("number"));
        return switch (numbers.retire(number)) {
            case REMOVED -> ApiResponse.noContent();
            case DRAINING -> ApiResponse.json(202, Views.of(numbers.list().stream()
                    .filter(n -> n.number().equals(number)).findFirst()
                    .orElse(new PoolNumber(number, PoolNumber.Status.DRAINING, 0))));
            case NOT_FOUND -> throw ApiException.notFound(Echo.clean(number) + " is not in the pool");
        };
    }
}
