package org.maskline.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.maskline.sessions.Availability;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.AvailabilityRepository;

/** /v1/participants/{number}/availability: a driver going off shift, and back (issue 14). */
final class ParticipantsApi {
    private final AvailabilityRepository availability;
    private final SessionPolicy policy;

    ParticipantsApi(AvailabilityRepository availability, SessionPolicy policy) {
        this.availability = availability;
        this.policy = policy;
    }

    ApiResponse setAvailability(ApiRequest r) {
        String number = policy.normalize(r.pathParams().get("number"));
        ObjectNode body = Json.object(r.body());
        Json.onlyFields(body, "", Set.of("available", "until"));
        JsonNode available = body.get("available");
        if (available == null || available.isNull()) throw ApiException.invalidRequest("available: is required");
        if (!available.isBoolean()) throw ApiException.invalidRequest("available: must be true or false");
        Optional<Instant> until = Json.instant(body, "until");
        if (until.isPresent() && available.booleanValue()) {
            throw ApiException.invalidRequest("until: only goes with \"available\": false (the end of the unavailability)");
        }
        if (until.isPresent() && !until.get().isAfter(policy.now())) {
            throw ApiException.invalidRequest("until: must be in the future");
        }
        Availability a = availability.set(number, available.booleanValue(), until.orElse(null));
        return ApiResponse.json(200, Views.of(a, policy.now()));
    }

    ApiResponse getAvailability(ApiRequest r) {
        String number = policy.normalize(r.pathParams().get("number"));
        return ApiResponse.json(200, Views.of(availability.get(number), policy.now()));
    }
}
