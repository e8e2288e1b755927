package org.maskline.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.maskline.sessions.Lifetime;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionMode;
import org.maskline.sessions.SessionPolicy;
import org.maskline.sessions.SessionStatus;
import org.maskline.store.Page;
import org.maskline.store.SessionRepository;

/** /v1/sessions: HTTP to session calls and back. */
final class SessionsApi {
    private final SessionRepository sessions;
    private final SessionPolicy policy;

    /** MASKLINE_RECORD_DEFAULT: whether a session that does not say is recorded. */
    private final boolean recordDefault;

    SessionsApi(SessionRepository sessions, SessionPolicy policy) {
        this(sessions, policy, false);
    }

    SessionsApi(SessionRepository sessions, SessionPolicy policy, boolean recordDefault) {
        this.sessions = sessions;
        this.policy = policy;
        this.recordDefault = recordDefault;
    }

    ApiResponse create(ApiRequest r) {
        ObjectNode body = Json.object(r.body());
        Json.onlyFields(body, "", Set.of("participants", "ttlSeconds", "expiresAt", "reference", "recontactSeconds", "mode",
                "record"));
        JsonNode list = body.get("participants");
        if (list == null || list.isNull()) {
            throw ApiException.invalidRequest("participants: is required");
        }
        if (!list.isArray()) {
            throw ApiException.invalidRequest("participants: must be an array of two participants");
        }
        List<NewParticipant> participants = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "participants[" + i + "].";
            JsonNode p = list.get(i);
            if (!p.isObject()) {
                throw ApiException.invalidRequest("participants[" + i + "]: must be an object");
            }
            Json.onlyFields(p, where, Set.of("number", "label"));
            participants.add(new NewParticipant(Json.requiredText(p, "number", where), Json.text(p, "label", where).orElse(null)));
        }
        Lifetime lifetime = lifetime(body);
        String reference = Json.text(body, "reference", "").orElse(null);
        Long recontact = Json.integer(body, "recontactSeconds").orElse(null);
        SessionMode mode = Json.text(body, "mode", "").map(SessionsApi::mode).orElse(SessionMode.DEFAULT);
        NewSession request = policy.newSession(participants, lifetime, reference, recontact, mode)
                .withRecord(Json.bool(body, "record").orElse(recordDefault));
        Session s = sessions.create(request);
        ApiMetrics.SESSIONS_CREATED.inc();
        return ApiResponse.json(201, Views.of(s));
    }

    ApiResponse get(ApiRequest r) {
        return ApiResponse.json(200, Views.of(find(r)));
    }

    ApiResponse list(ApiRequest r) {
        Query q = new Query(r, Set.of("reference", "participant", "status", "limit", "cursor"));
        Optional<SessionStatus> status = q.one("status").map(SessionsApi::status);
        Optional<String> reference = q.one("reference");
        Optional<String> participant = q.one("participant").map(policy::normalize);
        if (reference.isPresent() && participant.isPresent()) {
            throw ApiException.invalidRequest("give at most one of the query parameters reference or participant");
        }
        Cursor cursor = Cursor.of(q, "sessions");
        Page<Session> page = sessions.page(new SessionRepository.Query(reference, participant, status), cursor.limit(), cursor.after());
        return ApiResponse.json(200, Views.sessions(page, Cursor.next("sessions", page)));
    }

    ApiResponse update(ApiRequest r) {
        ObjectNode body = Json.object(r.body());
        Json.onlyFields(body, "", Set.of("ttlSeconds", "expiresAt"));
        Lifetime lifetime = lifetime(body);
        if (lifetime instanceof Lifetime.Default) {
            throw ApiException.invalidRequest("ttlSeconds: give ttlSeconds or expiresAt");
        }
        String id = r.pathParams().get("id");
        return sessions.extend(id, policy.expiry(lifetime))
                .map(s -> ApiResponse.json(200, Views.of(s)))
                .orElseThrow(() -> notFound(id));
    }

    ApiResponse close(ApiRequest r) {
        String id = r.pathParams().get("id");
        return sessions.close(id).map(s -> ApiResponse.json(200, Views.of(s))).orElseThrow(() -> notFound(id));
    }

    Session find(ApiRequest r) {
        String id = r.pathParams().get("id");
        return sessions.find(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no session " + Echo.quote(id));
    }

    private static Lifetime lifetime(JsonNode body) {
        Optional<Long> ttl = Json.integer(body, "ttlSeconds");
        var expiresAt = Json.instant(body, "expiresAt");
        if (ttl.isPresent() && expiresAt.isPresent()) {
            throw ApiException.invalidRequest("expiresAt: give ttlSeconds or expiresAt, not both");
        }
        if (ttl.isPresent()) {
            return new Lifetime.Ttl(ttl.get());
        }
        return expiresAt.<Lifetime>map(Lifetime.Until::new).orElse(new Lifetime.Default());
    }

    static SessionMode mode(String s) {
        try {
            return SessionMode.fromCode(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("mode: must be voice, message or voice-and-message");
        }
    }

    static SessionStatus status(String s) {
        try {
            return SessionStatus.fromCode(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("status: must be open, closed or expired");
        }
    }
}
