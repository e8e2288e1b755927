package org.maskline.api;

import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.maskline.sessions.ConflictException;
import org.maskline.sessions.InvalidNumberException;
import org.maskline.sessions.InvalidRequestException;
import org.maskline.sessions.NumberInUseException;
import org.maskline.sessions.PoolExhaustedException;
import org.maskline.sessions.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the endpoint for a request, checks its key, runs it, and turns every failure into an error reply. */
final class Router {
    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final List<Endpoint> endpoints;
    private final ApiKeys keys;
    private final List<Mount> mounts = new java.util.concurrent.CopyOnWriteArrayList<>();

    Router(List<Endpoint> endpoints, ApiKeys keys) {
        this.endpoints = List.copyOf(endpoints);
        this.keys = keys;
    }

    List<Endpoint> endpoints() {
        return endpoints;
    }

    void mount(Mount mount) {
        if (!mount.prefix().startsWith("/") || !mount.prefix().endsWith("/") || mount.prefix().startsWith("/v1/")) {
            throw new IllegalArgumentException("a mount's prefix is /name/, outside /v1/: " + mount.prefix());
        }
        mounts.add(mount);
    }

    ApiResponse handle(ApiRequest request) {
        ApiResponse response;
        try {
            response = dispatch(request);
        } catch (ApiException e) {
            response = error(e.status(), e.code(), e.getMessage());
        } catch (InvalidNumberException e) {
            response = error(400, "invalid_number", e.getMessage());
        } catch (InvalidRequestException e) {
            response = error(400, "invalid_request", e.getMessage());
        } catch (ConflictException e) {
            response = error(409, "conflict", e.getMessage());
        } catch (NumberInUseException e) {
            response = error(409, "number_in_use", e.getMessage());
        } catch (PoolExhaustedException e) {
            response = error(503, "pool_exhausted", e.getMessage());
        } catch (StoreUnavailableException e) {
            log.warn("{} {}: store unavailable: {}", request.method(), request.path(), e.getMessage());
            response = error(503, "store_unavailable", "the database is unavailable; retry later").withHeader("Retry-After", "5");
        } catch (RuntimeException e) {
            log.error("{} {} failed", request.method(), request.path(), e);
            response = error(500, "internal", "internal error");
        }
        ApiMetrics.REQUESTS.labelValues(Integer.toString(response.status())).inc();
        return response;
    }

    private ApiResponse dispatch(ApiRequest request) {
        for (Mount m : mounts) {
            if (request.path().startsWith(m.prefix())) {
                // The mount speaks its own protocol: its auth, body format and error shape.
                return m.handle(request, keys::acceptsKey);
            }
        }
        String[] segments = segments(request.path());
        boolean pathKnown = false;
        for (Endpoint e : endpoints) {
            Map<String, String> params = e.match(segments);
            if (params == null) {
                continue;
            }
            pathKnown = true;
            if (!e.method().equals(request.method())) {
                continue;
            }
            if (e.authenticated() && !keys.accepts(request.authorization())) {
                throw new ApiException(401, "unauthorized", "missing or unknown API key (Authorization: Bearer <key>)");
            }
            checkContentType(request);
            return e.handler().handle(request.withPathParams(params));
        }
        if (pathKnown) {
            if (request.path().startsWith("/v1/") && !keys.accepts(request.authorization())) {
                throw new ApiException(401, "unauthorized", "missing or unknown API key (Authorization: Bearer <key>)");
            }
            return error(405, "method_not_allowed", Echo.clean(request.method()) + " is not allowed on " + Echo.quote(request.path()))
                    .withHeader("Allow", String.join(", ", allowed(segments)));
        }
        if (request.path().startsWith("/v1/") && !keys.accepts(request.authorization())) {
            // Without a key, say nothing about which paths exist.
            throw new ApiException(401, "unauthorized", "missing or unknown API key (Authorization: Bearer <key>)");
        }
        throw ApiException.notFound("no such endpoint: " + Echo.quote(request.path()));
    }

    private List<String> allowed(String[] segments) {
        return endpoints.stream().filter(e -> e.match(segments) != null).map(Endpoint::method).distinct().sorted().toList();
    }

    /** A body is JSON: a form or text body is refused rather than read as JSON by luck. No Content-Type is taken as JSON. */
    private static void checkContentType(ApiRequest request) {
        if (request.body().length == 0 || request.contentType() == null) {
            return;
        }
        String type = request.contentType().split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            throw new ApiException(415, "unsupported_media_type", "the body must be application/json, got "
                    + Echo.quote(request.contentType()));
        }
    }

    /** Requests answered on the event loop: /health must answer even when every worker is busy. */
    boolean runsInline(ApiRequest request) {
        return "GET".equals(request.method()) && "/health".equals(request.path());
    }

    private static String[] segments(String path) {
        String[] raw = path.substring(1).split("/", -1);
        String[] out = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = decode(raw[i]);
        }
        return out;
    }

    /** Percent-decoding in which a literal {@code +} stays a plus, as in paths and in E.164 numbers. */
    static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("bad percent-encoding in " + Echo.quote(s));
        }
    }

    static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    /** The one error shape. Messages are ours, never a library's, but are capped anyway as a last guard. */
    static ApiResponse error(int status, String code, String message) {
        String m = message == null ? code : message;
        if (m.length() > 300) {
            m = m.substring(0, 300) + "...";
        }
        return ApiResponse.json(status, Views.error(code, m.replaceAll("\\p{Cntrl}", "?")));
    }
}
