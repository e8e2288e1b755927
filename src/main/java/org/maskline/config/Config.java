package org.maskline.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.maskline.sessions.PhoneNumbers;

/**
 * Maskline's whole configuration, validated once at start-up. docs/configuration.md lists every key.
 *
 * @param apiKeys         bearer keys accepted by the REST API; never empty
 * @param defaultCountry  ISO region for national numbers, or empty for none (national numbers refused)
 * @param maxCallDuration hang-up after this long; {@link Duration#ZERO} for no limit
 */
public record Config(
        HostPort httpAddr,
        List<String> apiKeys,
        DatabaseConfig database,
        AriConfig ari,
        String dialTemplate,
        Duration ringTimeout,
        Duration defaultTtl,
        String defaultCountry,
        Unroutable unroutable,
        String announcement,
        Duration maxCallDuration,
        HostPort agiAddr,
        boolean logRealNumbers) {

    public static final String HTTP_ADDR = "MASKLINE_HTTP_ADDR";
    public static final String API_KEYS = "MASKLINE_API_KEYS";
    public static final String DB_URL = "MASKLINE_DB_URL";
    public static final String DB_USER = "MASKLINE_DB_USER";
    public static final String DB_PASSWORD = "MASKLINE_DB_PASSWORD";
    public static final String DB_POOL_SIZE = "MASKLINE_DB_POOL_SIZE";
    public static final String RETENTION_DAYS = "MASKLINE_RETENTION_DAYS";
    public static final String SWEEP_INTERVAL_SECONDS = "MASKLINE_SWEEP_INTERVAL_SECONDS";
    public static final String ARI_URL = "MASKLINE_ARI_URL";
    public static final String ARI_USER = "MASKLINE_ARI_USER";
    public static final String ARI_PASSWORD = "MASKLINE_ARI_PASSWORD";
    public static final String ARI_APP = "MASKLINE_ARI_APP";
    public static final String DIAL_TEMPLATE = "MASKLINE_DIAL_TEMPLATE";
    public static final String RING_TIMEOUT_SECONDS = "MASKLINE_RING_TIMEOUT_SECONDS";
    public static final String DEFAULT_TTL_SECONDS = "MASKLINE_DEFAULT_TTL_SECONDS";
    public static final String DEFAULT_COUNTRY = "MASKLINE_DEFAULT_COUNTRY";
    public static final String UNROUTABLE = "MASKLINE_UNROUTABLE";
    public static final String ANNOUNCEMENT = "MASKLINE_ANNOUNCEMENT";
    public static final String MAX_CALL_SECONDS = "MASKLINE_MAX_CALL_SECONDS";
    public static final String AGI_ADDR = "MASKLINE_AGI_ADDR";
    public static final String LOG_REAL_NUMBERS = "MASKLINE_LOG_REAL_NUMBERS";

    /** Every key Maskline reads. A properties file with any other key is refused, to catch typos. */
    public static final Set<String> KEYS = Set.of(HTTP_ADDR, API_KEYS, DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE,
            RETENTION_DAYS, SWEEP_INTERVAL_SECONDS, ARI_URL, ARI_USER, ARI_PASSWORD, ARI_APP, DIAL_TEMPLATE,
            RING_TIMEOUT_SECONDS, DEFAULT_TTL_SECONDS, DEFAULT_COUNTRY, UNROUTABLE, ANNOUNCEMENT, MAX_CALL_SECONDS,
            AGI_ADDR, LOG_REAL_NUMBERS);

    /** Below this, a key could be guessed; 16 characters of a generator's output is the least we accept. */
    public static final int MIN_API_KEY_LENGTH = 16;

    private static final Pattern SOUND = Pattern.compile("[A-Za-z0-9_/-]+");
    private static final Pattern APP = Pattern.compile("[A-Za-z0-9_-]+");

    public Config {
        apiKeys = List.copyOf(apiKeys);
    }

    /**
     * Builds the configuration from environment variables over an optional properties file.
     *
     * @throws ConfigException naming the first key that is missing or invalid
     */
    public static Config load(Map<String, String> env, Optional<Path> file) {
        Map<String, String> values = new HashMap<>();
        file.ifPresent(f -> values.putAll(readFile(f)));
        for (String key : KEYS) {
            String v = env.get(key);
            if (v != null) {
                values.put(key, v);
            }
        }
        return new Reader(values).config();
    }

    private static Map<String, String> readFile(Path f) {
        Properties p = new Properties();
        try (java.io.Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("--config " + f + ": cannot read (" + e.getMessage() + ")");
        }
        Map<String, String> out = new HashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
                unknown.add(k);
            }
            out.put(k, p.getProperty(k));
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("--config " + f + ": unknown key " + unknown.iterator().next()
                    + " (see docs/configuration.md for the keys)");
        }
        return out;
    }

    @Override
    public String toString() {
        return "Config[httpAddr=" + httpAddr + ", apiKeys=" + apiKeys.size() + " key(s), database=" + database
                + ", ari=" + ari + ", dialTemplate=" + dialTemplate + ", ringTimeout=" + ringTimeout
                + ", defaultTtl=" + defaultTtl + ", defaultCountry=" + defaultCountry + ", unroutable=" + unroutable
                + ", announcement=" + announcement + ", maxCallDuration=" + maxCallDuration + ", agiAddr=" + agiAddr
                + ", logRealNumbers=" + logRealNumbers + "]";
    }

    /** Reads and checks one key at a time, so the first problem is reported with its key. */
    private record Reader(Map<String, String> values) {
        Config config() {
            HostPort http = address(HTTP_ADDR, "127.0.0.1:8080");
            List<String> keys = apiKeys();
            DatabaseConfig db = new DatabaseConfig(
                    databaseUrl(),
                    string(DB_USER, ""),
                    string(DB_PASSWORD, ""),
                    (int) integer(DB_POOL_SIZE, 10, 1, 200),
                    Duration.ofDays(integer(RETENTION_DAYS, 90, 1, 36_500)),
                    Duration.ofSeconds(integer(SWEEP_INTERVAL_SECONDS, 30, 1, 3600)));
            AriConfig ari = new AriConfig(ariUrl(), required(ARI_USER), required(ARI_PASSWORD), app());
            String dial = string(DIAL_TEMPLATE, "PJSIP/{number}@trunk");
            if (!dial.contains("{number}")) {
                throw bad(DIAL_TEMPLATE, "must contain {number}, e.g. PJSIP/{number}@trunk");
            }
            Duration ring = Duration.ofSeconds(integer(RING_TIMEOUT_SECONDS, 30, 1, 600));
            Duration ttl = Duration.ofSeconds(integer(DEFAULT_TTL_SECONDS, 14_400, 1, 366L * 86_400));
            String country = country();
            Unroutable unroutable = unroutable();
            String announcement = string(ANNOUNCEMENT, "ss-noservice");
            if (!SOUND.matcher(announcement).matches()) {
                throw bad(ANNOUNCEMENT, "must be an Asterisk sound name such as ss-noservice, got '" + announcement + "'");
            }
            Duration maxCall = Duration.ofSeconds(integer(MAX_CALL_SECONDS, 14_400, 0, 7L * 86_400));
            HostPort agi = address(AGI_ADDR, "127.0.0.1:4573");
            boolean logReal = bool(LOG_REAL_NUMBERS, false);
            return new Config(http, keys, db, ari, dial, ring, ttl, country, unroutable, announcement, maxCall, agi, logReal);
        }

        private String string(String key, String dflt) {
            String v = values.get(key);
            return v == null ? dflt : v.trim();
        }

        private String required(String key) {
            String v = string(key, "");
            if (v.isEmpty()) {
                throw new ConfigException(key + " is required but not set");
            }
            return v;
        }

        private long integer(String key, long dflt, long min, long max) {
            String v = string(key, "");
            if (v.isEmpty()) {
                return dflt;
            }
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw bad(key, "must be a whole number, got '" + v + "'");
            }
            if (n < min || n > max) {
                throw bad(key, "must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        }

        private boolean bool(String key, boolean dflt) {
            String v = string(key, "").toLowerCase(Locale.ROOT);
            return switch (v) {
                case "" -> dflt;
                case "true" -> true;
                case "false" -> false;
                default -> throw bad(key, "must be true or false, got '" + v + "'");
            };
        }

        private HostPort address(String key, String dflt) {
            try {
                return HostPort.parse(string(key, dflt));
            } catch (IllegalArgumentException e) {
                throw bad(key, e.getMessage());
            }
        }

        private List<String> apiKeys() {
            List<String> keys = new ArrayList<>();
            for (String k : string(API_KEYS, "").split(",")) {
                String t = k.trim();
                if (t.isEmpty()) {
                    continue;
                }
                if (t.length() < MIN_API_KEY_LENGTH) {
                    throw bad(API_KEYS, "key #" + (keys.size() + 1) + " is shorter than " + MIN_API_KEY_LENGTH
                            + " characters (generate one with: openssl rand -hex 24)");
                }
                keys.add(t);
            }
            if (keys.isEmpty()) {
                throw new ConfigException(API_KEYS + " is required: set at least one API key (comma-separated); "
                        + "Maskline refuses to serve its API without one");
            }
            return keys;
        }

        private String databaseUrl() {
            String url = string(DB_URL, "jdbc:h2:file:./data/maskline");
            if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
                throw bad(DB_URL, "must start with jdbc:h2: or jdbc:postgresql:");
            }
            return url;
        }

        private URI ariUrl() {
            String v = string(ARI_URL, "http://127.0.0.1:8088/ari");
            try {
                URI u = new URI(v);
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    throw bad(ARI_URL, "must be an http:// or https:// URL, got '" + v + "'");
                }
                return u;
            } catch (URISyntaxException e) {
                throw bad(ARI_URL, "is not a URL: " + e.getMessage());
            }
        }

        private String app() {
            String v = string(ARI_APP, "maskline");
            if (!APP.matcher(v).matches()) {
                throw bad(ARI_APP, "must be letters, digits, _ or -, got '" + v + "'");
            }
            return v;
        }

        private String country() {
            String v = string(DEFAULT_COUNTRY, "").toUpperCase(Locale.ROOT);
            if (!v.isEmpty() && !PhoneNumbers.isSupportedRegion(v)) {
                throw bad(DEFAULT_COUNTRY, "must be an ISO 3166 region code such as ES or US, got '" + v + "'");
            }
            return v;
        }

        private Unroutable unroutable() {
            String v = string(UNROUTABLE, "reject");
            if (v.equals("reject")) {
                return new Unroutable.Reject();
            }
            if (v.equals("announce")) {
                return new Unroutable.Announce();
            }
            if (v.startsWith("forward:")) {
                String number = v.substring("forward:".length());
                if (!PhoneNumbers.isE164(number)) {
                    throw bad(UNROUTABLE, "forward: needs an E.164 number such as forward:+34910000000, got '" + number + "'");
                }
                return new Unroutable.Forward(number);
            }
            throw bad(UNROUTABLE, "must be reject, announce or forward:+E164, got '" + v + "'");
        }

        private static ConfigException bad(String key, String problem) {
            return new ConfigException(key + " " + problem);
        }
    }
}
