package org.maskline.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.maskline.sessions.InvalidNumberException;
import org.maskline.sessions.InvalidRequestException;
import org.maskline.sessions.Lifetime;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.PageKey;

/** Sessions and their Participants. */
final class SessionsResource {
    static final String VOICE_AND_MESSAGE = "voice-and-message";
    static final Set<String> MODES = Set.of(VOICE_AND_MESSAGE, "voice-only", "message-only");
    private static final Set<String> CREATE_PARAMS = Set.of("UniqueName", "DateExpiry", "Ttl", "Mode", "Status", "Participants");
    private static final Set<String> PARTICIPANT_PARAMS = Set.of("Identifier", "FriendlyName", "ProxyIdentifier", "ProxyIdentifierSid");
    private static final int MAX_TTL = (int) SessionPolicy.MAX_TTL.toSeconds();

    private final TwilioStore store;
    private final SessionPolicy policy;
    private final Urls urls;
    private final ServicesResource services;

    SessionsResource(TwilioStore store, SessionPolicy policy, Urls urls, ServicesResource services) {
        this.store = store;
        this.policy = policy;
        this.urls = urls;
        this.services = services;
    }

    Reply create(TwilioRequest r) {
        Params p = r.params().only(CREATE_PARAMS);
        Service service = services.service(r);
        String mode = p.choice("Mode", MODES).orElse(VOICE_AND_MESSAGE);
        if (mode.equals("message-only")) {
            // Fail closed: a message-only session must not route calls, and Maskline has no messages yet.
            throw TwilioException.invalid("Mode", "message-only is not supported: Maskline routes calls only");
        }
        p.choice("Status", Set.of("open", "in-progress")); // a new session is open; closed is refused by the choice
        Optional<String> uniqueName = p.text("UniqueName", 191).map(n -> {
            if (n.isBlank() || Sids.is(Sids.SESSION, n)) {
                throw TwilioException.invalid("UniqueName", "must be non-empty and not look like a session sid");
            }
            return n;
        });
        Optional<Integer> ttl = p.integer("Ttl", 0, MAX_TTL).filter(t -> t > 0);
        Instant expiresAt = expiry(service, ttl, p.instant("DateExpiry"));
        List<TwilioStore.NewProxyParticipant> participants = new ArrayList<>();
        List<String> raw = p.all("Participants");
        if (raw.size() > 2) {
            throw TwilioException.invalid("Participants", "a session has at most two participants, got " + raw.size());
        }
        for (int i = 0; i < raw.size(); i++) {
            participants.add(participantFromJson(service, raw.get(i), "Participants[" + i + "]"));
        }
        if (participants.size() == 2 && participants.get(0).identifier().equals(participants.get(1).identifier())) {
            throw TwilioException.invalid("Participants", "the two participants must have different identifiers");
        }
        ProxySession s = store.createSession(new TwilioStore.NewProxySession(Sids.random(Sids.SESSION), service,
                uniqueName.orElse(null), mode, ttl.orElse(null), expiresAt, participants));
        return Reply.created(Wire.session(s, r.account(), urls));
    }

    /**
     * The expiry from Ttl and DateExpiry (the earlier when both are given), else the service's default TTL, else
     * Maskline's default. Twilio counts Ttl from the last interaction; Maskline counts it from this request.
     */
    private Instant expiry(Service service, Optional<Integer> ttl, Optional<Instant> dateExpiry) {
        try {
            Optional<Instant> byTtl = ttl.map(t -> policy.expiry(new Lifetime.Ttl(t)));
            Optional<Instant> byDate = dateExpiry.map(d -> policy.expiry(new Lifetime.Until(d)));
            if (byTtl.isPresent() && byDate.isPresent()) {
                return byTtl.get().isBefore(byDate.get()) ? byTtl.get() : byDate.get();
            }
            return byTtl.or(() -> byDate).orElseGet(() -> policy.expiry(service.defaultTtl() > 0
                    ? new Lifetime.Ttl(service.defaultTtl()) : new Lifetime.Default()));
        } catch (InvalidRequestException e) {
            String param = e.field().equals("expiresAt") ? "DateExpiry" : "Ttl";
            throw TwilioException.invalid(param, e.getMessage().substring(e.field().length() + 2));
        }
    }

    Reply fetch(TwilioRequest r) {
        r.params().only(Set.of());
        return Reply.ok(Wire.session(session(r), r.account(), urls));
    }

    Reply list(TwilioRequest r) {
        Listing l = Listing.of(r.params().only(Listing.PARAMS), "sessions");
        Service service = services.service(r);
        return Reply.ok(l.render("sessions", Urls.service(service.sid()) + "/Sessions", urls,
                store.sessions(service.sid(), l.pageSize(), l.after()), s -> Wire.session(s, r.account(), urls)));
    }

    /** Status=closed closes; Ttl or DateExpiry moves the expiry of an open session. A closed session stays closed. */
    Reply update(TwilioRequest r) {
        Params p = r.params().only(Set.of("DateExpiry", "Ttl", "Status"));
        Service service = services.service(r);
        ProxySession s = session(r);
        Optional<String> status = p.choice("Status", Set.of("open", "in-progress", "closed"));
        Optional<Integer> ttl = p.integer("Ttl", 0, MAX_TTL).filter(t -> t > 0);
        Optional<Instant> date = p.instant("DateExpiry");
        if (status.filter(x -> !x.equals("closed")).isPresent() && !s.isOpen()) {
            throw TwilioException.conflict("Session " + s.sid() + " is closed; Maskline does not reopen sessions (open a new one)");
        }
        if ((ttl.isPresent() || date.isPresent()) && status.filter("closed"::equals).isEmpty()) {
            if (!s.isOpen()) {
                throw TwilioException.conflict("Session " + s.sid() + " is closed; its expiry cannot move");
            }
            store.extendSession(s, expiry(service, ttl, date), ttl.orElse(s.ttl()));
        }
        if (status.filter("closed"::equals).isPresent()) {
            store.closeSession(s, "api");
        }
        return Reply.ok(Wire.session(session(r), r.account(), urls));
    }

    Reply delete(TwilioRequest r) {
        r.params().only(Set.of());
        store.deleteSession(session(r));
        return Reply.deleted();
    }

    /** The session named by the path's fourth segment (sid or unique name), of the service in the path. */
    ProxySession session(TwilioRequest r) {
        Service service = services.service(r);
        String id = r.segment(3);
        return store.findSession(service.sid(), id).orElseThrow(() -> TwilioException.notFound("Session " + Params.clean(id)));
    }

    // ---- participants ---------------------------------------------------------------------------

    Reply addParticipant(TwilioRequest r) {
        Params p = r.params().only(PARTICIPANT_PARAMS);
        Service service = services.service(r);
        ProxySession s = session(r);
        if (!s.isOpen()) {
            throw TwilioException.conflict("Session " + s.sid() + " is closed");
        }
        TwilioStore.NewProxyParticipant np = participant(service,
                p.text("Identifier", 64).orElseThrow(() -> TwilioException.invalid("Identifier", "is required")),
                p.text("FriendlyName", 255).orElse(null), p.text("ProxyIdentifier", 64).orElse(null),
                p.text("ProxyIdentifierSid", 34).orElse(null), "");
        ProxyParticipant created = store.addParticipant(service, s, np);
        return Reply.created(Wire.participant(created, service.sid(), r.account(), urls));
    }

    Reply listParticipants(TwilioRequest r) {
        Listing l = Listing.of(r.params().only(Listing.PARAMS), "participants");
        ProxySession s = session(r);
        var page = Listing.slice(store.participants(s.sid()), l, x -> new PageKey(x.createdAt(), x.sid()));
        return Reply.ok(l.render("participants", Urls.session(s.serviceSid(), s.sid()) + "/Participants", urls, page,
                x -> Wire.participant(x, s.serviceSid(), r.account(), urls)));
    }

    Reply fetchParticipant(TwilioRequest r) {
        r.params().only(Set.of());
        ProxySession s = session(r);
        return Reply.ok(Wire.participant(participant(r, s), s.serviceSid(), r.account(), urls));
    }

    Reply removeParticipant(TwilioRequest r) {
        r.params().only(Set.of());
        ProxySession s = session(r);
        store.removeParticipant(s, participant(r, s));
        return Reply.deleted();
    }

    ProxyParticipant participant(TwilioRequest r, ProxySession s) {
        String id = r.segment(5);
        String key = Sids.is(Sids.PARTICIPANT, id) ? id : normalizeOrNull(id);
        return Optional.ofNullable(key).flatMap(k -> store.findParticipant(s.sid(), k))
                .orElseThrow(() -> TwilioException.notFound("Participant " + Params.clean(id)));
    }

    private String normalizeOrNull(String s) {
        try {
            return policy.normalize(s);
        } catch (InvalidNumberException e) {
            return null;
        }
    }

    private TwilioStore.NewProxyParticipant participantFromJson(Service service, String json, String where) {
        JsonNode o;
        try {
            o = Wire.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw TwilioException.invalid(where, "must be a JSON object such as {\"Identifier\":\"+15551230001\"}");
        }
        if (o == null || !o.isObject()) {
            throw TwilioException.invalid(where, "must be a JSON object such as {\"Identifier\":\"+15551230001\"}");
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!PARTICIPANT_PARAMS.contains(f)) {
                throw TwilioException.invalid(where + "." + Params.clean(f), "unknown field; a participant takes "
                        + String.join(", ", PARTICIPANT_PARAMS.stream().sorted().toList()));
            }
        }
        String identifier = text(o, "Identifier", where).orElseThrow(() -> TwilioException.invalid(where + ".Identifier", "is required"));
        return participant(service, identifier, text(o, "FriendlyName", where).orElse(null),
                text(o, "ProxyIdentifier", where).orElse(null), text(o, "ProxyIdentifierSid", where).orElse(null), where + ".");
    }

    private static Optional<String> text(JsonNode o, String field, String where) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().length() > 255) {
            throw TwilioException.invalid(where + "." + field, "must be a string of at most 255 characters");
        }
        return Optional.of(v.asText());
    }

    /** Normalizes the identifier and resolves the proxy asked for (by number or by PN sid) in this service. */
    private TwilioStore.NewProxyParticipant participant(Service service, String identifier, String friendlyName,
                                                        String proxyIdentifier, String proxySid, String where) {
        String number;
        try {
            number = policy.normalize(identifier);
        } catch (InvalidNumberException e) {
            throw TwilioException.invalid(where + "Identifier", "must be a phone number (Maskline masks calls between phone numbers): "
                    + e.getMessage());
        }
        String proxy = null;
        if (proxyIdentifier != null && proxySid != null) {
            throw TwilioException.invalid(where + "ProxyIdentifier", "give ProxyIdentifier or ProxyIdentifierSid, not both");
        }
        if (proxyIdentifier != null) {
            try {
                proxy = policy.normalize(proxyIdentifier);
            } catch (InvalidNumberException e) {
                throw TwilioException.invalid(where + "ProxyIdentifier", e.getMessage());
            }
        } else if (proxySid != null) {
            proxy = store.findNumber(service.sid(), proxySid).filter(n -> Sids.is(Sids.NUMBER, proxySid)).map(ServiceNumber::number)
                    .orElseThrow(() -> TwilioException.invalid(where + "ProxyIdentifierSid", "not a phone number sid of this service"));
        }
        return new TwilioStore.NewProxyParticipant(number, friendlyName, proxy);
    }
}
