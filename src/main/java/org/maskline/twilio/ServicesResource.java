package org.maskline.twilio;

import java.util.Optional;
import java.util.Set;
import org.maskline.sessions.SessionPolicy;

/** Services and their PhoneNumbers: a service is a pool of numbers with session defaults. */
final class ServicesResource {
    static final Set<String> BEHAVIORS = Set.of(Service.PREFER_STICKY, Service.AVOID_STICKY);
    static final Set<String> GEO_LEVELS = Set.of("area-code", "overlay", "radius", "country");
    private static final Set<String> SERVICE_PARAMS = Set.of("UniqueName", "DefaultTtl", "CallbackUrl", "GeoMatchLevel",
            "NumberSelectionBehavior", "InterceptCallbackUrl", "OutOfSessionCallbackUrl", "ChatInstanceSid");
    /** Twilio's longest TTL is a year of seconds; a Maskline session cannot outlive SessionPolicy.MAX_TTL either. */
    private static final int MAX_TTL = (int) SessionPolicy.MAX_TTL.toSeconds();

    private final TwilioStore store;
    private final SessionPolicy policy;
    private final Urls urls;

    ServicesResource(TwilioStore store, SessionPolicy policy, Urls urls) {
        this.store = store;
        this.policy = policy;
        this.urls = urls;
    }

    Reply create(TwilioRequest r) {
        Params p = r.params().only(SERVICE_PARAMS);
        refuseChat(p);
        String name = uniqueName(p).orElseThrow(() -> TwilioException.invalid("UniqueName", "is required"));
        var now = store.now();
        Service s = new Service(Sids.random(Sids.SERVICE), name, p.integer("DefaultTtl", 0, MAX_TTL).orElse(0),
                p.url("CallbackUrl").orElse(null), p.url("InterceptCallbackUrl").orElse(null),
                p.url("OutOfSessionCallbackUrl").orElse(null),
                p.choice("NumberSelectionBehavior", BEHAVIORS).orElse(Service.PREFER_STICKY),
                p.choice("GeoMatchLevel", GEO_LEVELS).orElse("country"), now, now);
        return Reply.created(Wire.service(store.createService(s, r.account()), r.account(), urls));
    }

    Reply update(TwilioRequest r) {
        Params p = r.params().only(SERVICE_PARAMS);
        refuseChat(p);
        Service s = service(r);
        Service updated = new Service(s.sid(), uniqueName(p).orElse(s.uniqueName()),
                p.integer("DefaultTtl", 0, MAX_TTL).orElse(s.defaultTtl()),
                p.url("CallbackUrl").orElse(s.callbackUrl()), p.url("InterceptCallbackUrl").orElse(s.interceptCallbackUrl()),
                p.url("OutOfSessionCallbackUrl").orElse(s.outOfSessionCallbackUrl()),
                p.choice("NumberSelectionBehavior", BEHAVIORS).orElse(s.numberSelectionBehavior()),
                p.choice("GeoMatchLevel", GEO_LEVELS).orElse(s.geoMatchLevel()), s.createdAt(), store.now());
        return Reply.ok(Wire.service(store.updateService(updated), r.account(), urls));
    }

    private static Optional<String> uniqueName(Params p) {
        return p.text("UniqueName", 191).map(n -> {
            if (n.isBlank()) {
                throw TwilioException.invalid("UniqueName", "must not be empty");
            }
            if (Sids.is(Sids.SERVICE, n)) {
                throw TwilioException.invalid("UniqueName", "must not look like a service sid (it names the service in URLs)");
            }
            return n;
        });
    }

    /** Maskline has no Twilio Conversations/Chat to attach. */
    private static void refuseChat(Params p) {
        if (p.one("ChatInstanceSid").filter(s -> !s.isEmpty()).isPresent()) {
            throw TwilioException.invalid("ChatInstanceSid", "not supported: Maskline has no Twilio Chat service");
        }
    }

    Reply fetch(TwilioRequest r) {
        r.params().only(Set.of());
        return Reply.ok(Wire.service(service(r), r.account(), urls));
    }

    Reply list(TwilioRequest r) {
        Listing l = Listing.of(r.params().only(Listing.PARAMS), "services");
        return Reply.ok(l.render("services", "/v1/Services", urls, store.services(l.pageSize(), l.after()),
                s -> Wire.service(s, r.account(), urls)));
    }

    Reply delete(TwilioRequest r) {
        r.params().only(Set.of());
        store.deleteService(service(r));
        return Reply.deleted();
    }

    /** The service named by the path's second segment (sid or unique name). */
    Service service(TwilioRequest r) {
        String id = r.segment(1);
        return store.findService(id).orElseThrow(() -> TwilioException.notFound("Service " + Params.clean(id)));
    }

    // ---- phone numbers --------------------------------------------------------------------------

    Reply addNumber(TwilioRequest r) {
        Params p = r.params().only(Set.of("Sid", "PhoneNumber", "IsReserved"));
        Service s = service(r);
        if (p.has("Sid")) {
            throw TwilioException.invalid("Sid", "not supported: Maskline owns no Twilio IncomingPhoneNumbers; give PhoneNumber (E.164)");
        }
        String raw = p.text("PhoneNumber", 64).orElseThrow(() -> TwilioException.invalid("PhoneNumber", "is required"));
        String number;
        try {
            number = policy.normalize(raw);
        } catch (org.maskline.sessions.InvalidNumberException e) {
            throw TwilioException.invalid("PhoneNumber", e.getMessage());
        }
        ServiceNumber n = store.addNumber(s.sid(), number, p.bool("IsReserved").orElse(false));
        return Reply.created(Wire.number(n, r.account(), urls, false));
    }

    Reply listNumbers(TwilioRequest r) {
        Listing l = Listing.of(r.params().only(Listing.PARAMS), "phone_numbers");
        Service s = service(r);
        return Reply.ok(l.render("phone_numbers", Urls.service(s.sid()) + "/PhoneNumbers", urls,
                store.numbers(s.sid(), l.pageSize(), l.after()), n -> Wire.number(n, r.account(), urls, false)));
    }

    Reply fetchNumber(TwilioRequest r) {
        r.params().only(Set.of());
        return Reply.ok(Wire.number(number(r), r.account(), urls, false));
    }

    Reply updateNumber(TwilioRequest r) {
        Params p = r.params().only(Set.of("IsReserved"));
        ServiceNumber n = number(r);
        Optional<Boolean> reserved = p.bool("IsReserved");
        return Reply.ok(Wire.number(reserved.isPresent() ? store.setReserved(n, reserved.get()) : n, r.account(), urls, false));
    }

    Reply removeNumber(TwilioRequest r) {
        r.params().only(Set.of());
        store.removeNumber(number(r));
        return Reply.deleted();
    }

    private ServiceNumber number(TwilioRequest r) {
        Service s = service(r);
        String id = r.segment(3);
        return store.findNumber(s.sid(), id).orElseThrow(() -> TwilioException.notFound("PhoneNumber " + Params.clean(id)));
    }
}
