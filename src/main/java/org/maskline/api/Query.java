package org.maskline.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A request's query parameters, limited to the ones an endpoint knows. */
final class Query {
    private final ApiRequest request;

    Query(ApiRequest request, Set<String> allowed) {
        this.request = request;
        for (String name : request.query().keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.invalidRequest(Echo.clean(name) + ": unknown query parameter");
            }
        }
    }

    /** The parameter's value; refused when it is given twice or empty. */
    Optional<String> one(String name) {
        List<String> values = request.query().get(name);
        if (values == null) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ApiException.invalidRequest(name + ": give it once");
        }
        if (values.getFirst().isEmpty()) {
            throw ApiException.invalidRequest(name + ": must not be empty");
        }
        return Optional.of(values.getFirst());
    }
}
