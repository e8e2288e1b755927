package org.maskline.twilio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.maskline.api.ApiRequest;
import org.maskline.api.ApiResponse;
import org.maskline.api.Mount;
import org.maskline.sessions.ConflictException;
import org.maskline.sessions.InvalidNumberException;
import org.maskline.sessions.InvalidRequestException;
import org.maskline.sessions.NumberInUseException;
import org.maskline.sessions.PoolExhaustedException;
import org.maskline.sessions.RouteLookup;
import org.maskline.sessions.SessionPolicy;
import org.maskline.sessions.StoreUnavailableException;
import org.maskline.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /twilio/v1/...}: Twilio Proxy's REST API on Maskline's HTTP server. Authenticates with HTTP Basic
 * (an {@code AC} account sid and a Maskline API key as the auth token), reads Twilio's form-encoded
 * parameters, dispatches to the resources, and answers every failure in Twilio's error shape.
 *
 * <pre>{@code
 * TwilioApi twilio = TwilioApi.create(store, policy, apiKeys.getFirst(), Clock.systemUTC());
 * apiServer.mount(twilio);  callRouter = new CallRouter(ari, twilio.intercepting(store.routes()), ...);
 * }</pre>
 */
public final class TwilioApi implements Mount {
    private static final Logger log = LoggerFactory.getLogger(TwilioApi.class);
    static final String PREFIX = "/twilio/";

    private final TwilioStore store;
    private final CallbackClient callbacks;
    private final TwilioCallbacks asyncCallbacks;
    private final ServicesResource services;
    private final SessionsResource sessions;
    private final InteractionsResource interactions;

    private TwilioApi(TwilioStore store, SessionPolicy policy, Urls urls, String authToken) {
        this.store = store;
        this.callbacks = new CallbackClient(authToken);
        this.asyncCallbacks = new TwilioCallbacks(store, authToken);
        this.services = new ServicesResource(store, policy, urls);
        this.sessions = new SessionsResource(store, policy, urls, services);
        this.interactions = new InteractionsResource(store, urls, sessions);
    }

    /**
     * With Twilio's own URLs in {@code url}, {@code links} and {@code meta} (see {@link Urls}).
     *
     * @param authToken signs callbacks ({@code X-Twilio-Signature}): the first of {@code MASKLINE_API_KEYS},
     *                  which is what the backend's {@code RequestValidator} is given as its auth token
     */
    public static TwilioApi create(Store store, SessionPolicy policy, String authToken, Clock clock) {
        return new TwilioApi(new TwilioStore(store, clock), policy, new Urls(Urls.TWILIO), authToken);
    }

    /**
     * Twilio's callback_url and out_of_session_callback_url, part one: appends them to the webhook outbox in
     * the transaction of each call-log change (register with {@code store.calls().listen}).
     */
    public org.maskline.store.CallEventListener callbackListener() {
        return asyncCallbacks;
    }

    /** Part two: delivers them, form-encoded and signed (register with the webhook dispatcher). */
    public org.maskline.webhooks.Target callbackTarget() {
        return asyncCallbacks;
    }

    /** The call path's route lookup with the services' intercept callbacks in front (see {@link InterceptingRoutes}). */
    public RouteLookup intercepting(RouteLookup routes) {
        return new InterceptingRoutes(routes, store, callbacks);
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    @Override
    public ApiResponse handle(ApiRequest request, Predicate<String> apiKeys) {
        try {
            String account = authenticate(request.authorization(), apiKeys);
            String path = request.path().substring(PREFIX.length() - 1);
            List<String> segments = segments(path);
            if (segments.isEmpty() || !segments.getFirst().equals("v1")) {
                throw TwilioException.notFound(Params.clean(path));
            }
            if ("POST".equals(request.method())) {
                checkForm(request);
            }
            Params params = Params.of(request.query(), request.body());
            TwilioRequest r = new TwilioRequest(request.method(), path, segments.subList(1, segments.size()), params, account);
            return reply(dispatch(r));
        } catch (TwilioException e) {
            return error(e);
        } catch (InvalidNumberException e) {
            return error(new TwilioException(400, 20001, e.getMessage()));
        } catch (InvalidRequestException e) {
            return error(new TwilioException(400, 20001, e.getMessage()));
        } catch (ConflictException | NumberInUseException | PoolExhaustedException e) {
            return error(TwilioException.conflict(e.getMessage()));
        } catch (StoreUnavailableException e) {
            log.warn("{} {}: store unavailable: {}", request.method(), request.path(), e.getMessage());
            return error(new TwilioException(503, 20503, "the database is unavailable; retry later")).withHeader("Retry-After", "5");
        } catch (RuntimeException e) {
            log.error("{} {} failed", request.method(), request.path(), e);
            return error(new TwilioException(500, 20500, "internal error"));
        }
    }

    private Reply dispatch(TwilioRequest r) {
        List<String> s = r.segments();
        String m = r.method();
        if (s.isEmpty() || !s.getFirst().equals("Services")) {
            throw TwilioException.notFound(Params.clean(r.path()));
        }
        return switch (s.size()) {
            case 1 -> switch (m) {
                case "GET" -> services.list(r);
                case "POST" -> services.create(r);
                default -> throw notAllowed(r, "GET, POST");
            };
            case 2 -> switch (m) {
                case "GET" -> services.fetch(r);
                case "POST" -> services.update(r);
                case "DELETE" -> services.delete(r);
                default -> throw notAllowed(r, "GET, POST, DELETE");
            };
            default -> below(r, s.get(2));
        };
    }

    private Reply below(TwilioRequest r, String collection) {
        List<String> s = r.segments();
        String m = r.method();
        if (collection.equals("PhoneNumbers")) {
            if (s.size() == 3) {
                return switch (m) {
                    case "GET" -> services.listNumbers(r);
                    case "POST" -> services.addNumber(r);
                    default -> throw notAllowed(r, "GET, POST");
                };
            }
            if (s.size() == 4) {
                return switch (m) {
                    case "GET" -> services.fetchNumber(r);
                    case "POST" -> services.updateNumber(r);
                    case "DELETE" -> services.removeNumber(r);
                    default -> throw notAllowed(r, "GET, POST, DELETE");
                };
            }
        } else if (collection.equals("Sessions")) {
            switch (s.size()) {
                case 3:
                    return switch (m) {
                        case "GET" -> sessions.list(r);
                        case "POST" -> sessions.create(r);
                        default -> throw notAllowed(r, "GET, POST");
                    };
                case 4:
                    return switch (m) {
                        case "GET" -> sessions.fetch(r);
                        case "POST" -> sessions.update(r);
                        case "DELETE" -> sessions.delete(r);
                        default -> throw notAllowed(r, "GET, POST, DELETE");
                    };
                default:
                    return belowSession(r, s.get(4));
            }
        }
        throw TwilioException.notFound(Params.clean(r.path()));
    }

    private Reply belowSession(TwilioRequest r, String collection) {
        List<String> s = r.segments();
        String m = r.method();
        if (collection.equals("Participants")) {
            if (s.size() == 5) {
                return switch (m) {
                    case "GET" -> sessions.listParticipants(r);
                    case "POST" -> sessions.addParticipant(r);
                    default -> throw notAllowed(r, "GET, POST");
                };
            }
            if (s.size() == 6) {
                return switch (m) {
                    case "GET" -> sessions.fetchParticipant(r);
                    case "DELETE" -> sessions.removeParticipant(r);
                    default -> throw notAllowed(r, "GET, DELETE");
                };
            }
            if (s.get(6).equals("MessageInteractions") && (s.size() == 7 || s.size() == 8)) {
                return switch (m) {
                    case "GET" -> s.size() == 7 ? interactions.listMessages(r) : interactions.fetchMessage(r);
                    case "POST" -> {
                        if (s.size() == 8) throw notAllowed(r, "GET");
                        yield interactions.sendMessage(r);
                    }
                    default -> throw notAllowed(r, s.size() == 7 ? "GET, POST" : "GET");
                };
            }
        } else if (collection.equals("Interactions")) {
            if (s.size() == 5) {
                if (!m.equals("GET")) throw notAllowed(r, "GET");
                return interactions.list(r);
            }
            if (s.size() == 6) {
                return switch (m) {
                    case "GET" -> interactions.fetch(r);
                    case "DELETE" -> interactions.delete(r);
                    default -> throw notAllowed(r, "GET, DELETE");
                };
            }
        }
        throw TwilioException.notFound(Params.clean(r.path()));
    }

    private static TwilioException notAllowed(TwilioRequest r, String allowed) {
        return new TwilioException(405, 20004, "Method not allowed: " + Params.clean(r.method()) + " on " + Params.clean(r.path())
                + " (allowed: " + allowed + ")");
    }

    /** HTTP Basic: an account sid as the user, a Maskline API key as the password (Twilio's auth token). */
    private static String authenticate(String authorization, Predicate<String> apiKeys) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                String user = decoded.substring(0, colon);
                boolean keyOk = apiKeys.test(decoded.substring(colon + 1)); // always checked: no timing hint from the user part
                if (keyOk && Sids.is(Sids.ACCOUNT, user)) {
                    return user;
                }
            }
        }
        throw new TwilioException(401, 20003, "Authenticate: HTTP Basic with an account sid (AC and 32 hex digits)"
                + " as the user and a Maskline API key as the password");
    }

    private static void checkForm(ApiRequest request) {
        if (request.body().length == 0) {
            return;
        }
        String type = request.contentType() == null ? "" : request.contentType().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/x-www-form-urlencoded")) {
            throw new TwilioException(415, 20415, "the body must be application/x-www-form-urlencoded, as Twilio's API takes it");
        }
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String raw : path.substring(1).split("/", -1)) {
            try {
                out.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new TwilioException(400, 20001, "bad percent-encoding in the path");
            }
        }
        if (!out.isEmpty() && out.getLast().isEmpty()) {
            out.removeLast(); // a trailing slash
        }
        return out;
    }

    private static ApiResponse reply(Reply r) {
        if (r.body() == null) {
            return ApiResponse.noContent();
        }
        return new ApiResponse(r.status(), ApiResponse.JSON, write(r.body()));
    }

    private static ApiResponse error(TwilioException e) {
        ApiResponse r = new ApiResponse(e.status(), ApiResponse.JSON, write(Wire.error(e)));
        return e.status() == 401 ? r.withHeader("WWW-Authenticate", "Basic realm=\"maskline\"") : r;
    }

    private static byte[] write(Object o) {
        try {
            return Wire.MAPPER.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
