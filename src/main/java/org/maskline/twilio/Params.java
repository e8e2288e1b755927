package org.maskline.twilio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request's parameters as Twilio's SDKs send them: the query string, and for POST an
 * {@code application/x-www-form-urlencoded} body, with Twilio's capitalized names. Every parameter a
 * resource does not know is refused by name, so a misspelled {@code Ttl} never falls back to a default.
 */
final class Params {
    private final Map<String, List<String>> values;

    private Params(Map<String, List<String>> values) {
        this.values = values;
    }

    static Params of(Map<String, List<String>> query, byte[] form) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        query.forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        if (form.length > 0) {
            for (String pair : new String(form, StandardCharsets.UTF_8).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                all.computeIfAbsent(name, x -> new ArrayList<>()).add(value);
            }
        }
        return new Params(all);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new TwilioException(400, 20001, "bad percent-encoding in the form body");
        }
    }

    /** Refuses any parameter outside {@code known}. */
    Params only(Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw TwilioException.invalid(clean(name), "unknown parameter; this resource takes " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return this;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    Optional<String> one(String name) {
        List<String> v = values.get(name);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        if (v.size() > 1) {
            throw TwilioException.invalid(name, "given more than once");
        }
        return Optional.of(v.getFirst());
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** A text of at most {@code max} characters; empty strings count as given. */
    Optional<String> text(String name, int max) {
        Optional<String> v = one(name);
        if (v.isPresent() && v.get().length() > max) {
            throw TwilioException.invalid(name, "must be at most " + max + " characters");
        }
        return v;
    }

    Optional<Integer> integer(String name, int min, int max) {
        return one(name).map(s -> {
            try {
                int n = Integer.parseInt(s.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw TwilioException.invalid(name, "must be a whole number from " + min + " to " + max);
        });
    }

    Optional<Boolean> bool(String name) {
        return one(name).map(s -> switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw TwilioException.invalid(name, "must be true or false");
        });
    }

    /** One of the listed values, exactly as Twilio spells them. */
    Optional<String> choice(String name, Set<String> allowed) {
        return one(name).map(s -> {
            if (!allowed.contains(s)) {
                throw TwilioException.invalid(name, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
            }
            return s;
        });
    }

    /**
     * A date-time as ISO 8601. Twilio's Java SDK sends {@code yyyy-MM-dd'T'HH:mm:ss} without an offset, which
     * Twilio reads as UTC; with an offset it is taken as given.
     */
    Optional<Instant> instant(String name) {
        return one(name).map(s -> {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw TwilioException.invalid(name, "must be an ISO 8601 date-time, e.g. 2030-01-01T12:00:00Z");
                }
            }
        });
    }

    /** An http(s) URL for a callback. */
    Optional<String> url(String name) {
        return text(name, 2048).map(s -> {
            if (s.isEmpty()) {
                return s; // an empty value clears the URL on update
            }
            try {
                java.net.URI u = new java.net.URI(s);
                if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                    return s;
                }
            } catch (java.net.URISyntaxException e) {
                // reported below
            }
            throw TwilioException.invalid(name, "must be an absolute http or https URL");
        });
    }

    static String clean(String s) {
        String c = s.replaceAll("\\p{Cntrl}", "?");
        return c.length() > 64 ? c.substring(0, 64) + "..." : c;
    }
}
