package org.maskline.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.maskline.sessions.PhoneNumbers;

/**
 * Maskline's whole configuration, read once at start-up by {@link #load}. docs/configuration.md lists
 * every key.
 *
 * <p>One reader, one check per setting: {@link #load} only turns text into values (a number, an
 * address, a URL) and each record checks its own values in its constructor ({@link DatabaseConfig},
 * {@link AriConfig}, {@link Unroutable.Forward}, and this one for the rest). Every error is a
 * {@link ConfigException} whose one line starts with the key.
 *
 * @param apiKeys         bearer keys accepted by the REST API; never empty
 * @param defaultCountry  ISO region for national numbers, or empty for none (national numbers refused)
 * @param maxCallDuration hang-up after this long; {@link Duration#ZERO} for no limit
 * @param agiAddr         where FastAGI listens; empty: FastAGI is off
 * @param agiAllow        peers FastAGI answers, as {@link InetAddress#getHostAddress()} prints them
 * @param logLevel        logback's root level: TRACE, DEBUG, INFO, WARN, ERROR or OFF
 * @param stopTimeout     how long SIGTERM waits for call set-ups in flight
 * @param instanceId      this process's name in the lease table and logs
 * @param leaseDuration   how long the active instance's lease lasts unrenewed (PostgreSQL only)
 * @param forwardLimitPerMinute forwarded unroutable calls per caller per minute
 * @param callLogQueue    call-log rows that may wait for the database
 * @param messages        text messages: rate limit, refusal reply, body storage (issue 13)
 * @param recording       recording and transcription (issue 15)
 * @param afterTrip       recontact window, menu, operator, callbacks, caller ID mode (issue 14)
 * @param webhooks        the backend's hooks: event webhook, intercept, routing webhook (issue 16)
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
        Optional<HostPort> agiAddr,
        List<String> agiAllow,
        boolean logRealNumbers,
        String logLevel,
        Duration stopTimeout,
        String instanceId,
        Duration leaseDuration,
        int forwardLimitPerMinute,
        int callLogQueue,
        MessageConfig messages,
        RecordingConfig recording,
        AfterTripConfig afterTrip,
        // ---- issue 16: webhooks ----
        WebhookConfig webhooks) {

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
    public static final String AGI_ALLOW = "MASKLINE_AGI_ALLOW";
    public static final String LOG_REAL_NUMBERS = "MASKLINE_LOG_REAL_NUMBERS";
    public static final String LOG_LEVEL = "MASKLINE_LOG_LEVEL";
    public static final String STOP_TIMEOUT_SECONDS = "MASKLINE_STOP_TIMEOUT_SECONDS";
    public static final String INSTANCE_ID = "MASKLINE_INSTANCE_ID";
    public static final String LEASE_SECONDS = "MASKLINE_LEASE_SECONDS";
    public static final String FORWARD_LIMIT_PER_MINUTE = "MASKLINE_FORWARD_LIMIT_PER_MINUTE";
    public static final String CALLLOG_QUEUE = "MASKLINE_CALLLOG_QUEUE";
    // ---- issue 16: webhooks ----
    public static final String WEBHOOK_URL = "MASKLINE_WEBHOOK_URL";
    public static final String WEBHOOK_SECRET = "MASKLINE_WEBHOOK_SECRET";
    public static final String WEBHOOK_TIMEOUT_MS = "MASKLINE_WEBHOOK_TIMEOUT_MS";
    public static final String INTERCEPT_URL = "MASKLINE_INTERCEPT_URL";
    public static final String INTERCEPT_TIMEOUT_MS = "MASKLINE_INTERCEPT_TIMEOUT_MS";
    public static final String INTERCEPT_ON_TIMEOUT = "MASKLINE_INTERCEPT_ON_TIMEOUT";
    public static final String ROUTE_URL = "MASKLINE_ROUTE_URL";
    public static final String ROUTE_MODE = "MASKLINE_ROUTE_MODE";
    public static final String ROUTE_TIMEOUT_MS = "MASKLINE_ROUTE_TIMEOUT_MS";
    private static final Set<String> WEBHOOK_KEYS = Set.of(WEBHOOK_URL, WEBHOOK_SECRET, WEBHOOK_TIMEOUT_MS, INTERCEPT_URL,
            INTERCEPT_TIMEOUT_MS, INTERCEPT_ON_TIMEOUT, ROUTE_URL, ROUTE_MODE, ROUTE_TIMEOUT_MS);

    /** Every key Maskline reads. A properties file with any other key is refused, to catch typos. */
    public static final Set<String> KEYS = Set.of(HTTP_ADDR, API_KEYS, DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE,
            RETENTION_DAYS, SWEEP_INTERVAL_SECONDS, ARI_URL, ARI_USER, ARI_PASSWORD, ARI_APP, DIAL_TEMPLATE,
            RING_TIMEOUT_SECONDS, DEFAULT_TTL_SECONDS, DEFAULT_COUNTRY, UNROUTABLE, ANNOUNCEMENT, MAX_CALL_SECONDS,
            AGI_ADDR, AGI_ALLOW, LOG_REAL_NUMBERS, LOG_LEVEL, STOP_TIMEOUT_SECONDS, INSTANCE_ID, LEASE_SECONDS,
            FORWARD_LIMIT_PER_MINUTE, CALLLOG_QUEUE,
            MessageConfig.PER_MINUTE, MessageConfig.UNROUTABLE_REPLY, MessageConfig.STORE_BODIES,
            // issue 15: recording and transcription
            RecordingConfig.RECORD_DEFAULT, RecordingConfig.ANNOUNCEMENT, RecordingConfig.DIR,
            RecordingConfig.RETENTION_DAYS, RecordingConfig.TRANSCRIBE_URL, RecordingConfig.TRANSCRIBE_MODEL,
            RecordingConfig.TRANSCRIBE_LANGUAGE, RecordingConfig.TRANSCRIBE_CONCURRENCY,
            RecordingConfig.TRANSCRIBE_ATTEMPTS, RecordingConfig.TRANSCRIBE_TIMEOUT_SECONDS, RecordingConfig.QA_KEYWORDS,
            // issue 14: after the trip
            AfterTripConfig.RECONTACT_SECONDS, AfterTripConfig.OPERATOR, AfterTripConfig.OPERATOR_SEES,
            AfterTripConfig.PROMPTS_DIR, AfterTripConfig.MENU_KEY_TIMEOUT_SECONDS, AfterTripConfig.CALLBACK_ATTEMPTS,
            AfterTripConfig.CALLBACK_TTL_SECONDS, AfterTripConfig.CALLBACK_RETRY_SECONDS, AfterTripConfig.CALLER_ID_MODE);

    /** {@link #KEYS} and the keys of later features, each group in its own set. */
    private static final Set<String> ALL_KEYS = union(KEYS, WEBHOOK_KEYS);

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    /** Every key Maskline reads, the later features' included. */
    public static Set<String> allKeys() {
        return ALL_KEYS;
    }

    /** Below this, a key could be guessed; 16 characters of a generator's output is the least we accept. */
    public static final int MIN_API_KEY_LENGTH = 16;

    /** The levels logback knows; anything else used to mean DEBUG without a word. */
    public static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private static final Pattern SOUND = Pattern.compile("[A-Za-z0-9_/-]+");
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public Config {
        Objects.requireNonNull(httpAddr, HTTP_ADDR);
        apiKeys = List.copyOf(apiKeys);
        if (apiKeys.isEmpty()) {
            throw new ConfigException(API_KEYS + " is required: set at least one API key (comma-separated); "
                    + "Maskline refuses to serve its API without one");
        }
        for (int i = 0; i < apiKeys.size(); i++) {
            if (apiKeys.get(i).length() < MIN_API_KEY_LENGTH) {
                throw ConfigException.bad(API_KEYS, "key #" + (i + 1) + " is shorter than " + MIN_API_KEY_LENGTH
                        + " characters (generate one with: openssl rand -hex 24)");
            }
        }
        Objects.requireNonNull(database, DB_URL);
        Objects.requireNonNull(ari, ARI_URL);
        ConfigException.seconds(RING_TIMEOUT_SECONDS, ringTimeout, 1, 600);
        ConfigException.seconds(DEFAULT_TTL_SECONDS, defaultTtl, 1, 366L * 86_400);
        defaultCountry = Objects.requireNonNullElse(defaultCountry, "").toUpperCase(Locale.ROOT);
        if (!defaultCountry.isEmpty() && !PhoneNumbers.isSupportedRegion(defaultCountry)) {
            throw ConfigException.bad(DEFAULT_COUNTRY, "must be an ISO 3166 region code such as ES or US, got "
                    + ConfigException.quote(defaultCountry));
        }
        // Issue 18: placeholders beyond {number}; checked once the region it may need is known.
        try {
            new DialTemplate(Objects.requireNonNull(dialTemplate, DIAL_TEMPLATE), defaultCountry);
        } catch (IllegalArgumentException e) {
            throw ConfigException.bad(DIAL_TEMPLATE, e.getMessage());
        }
        Objects.requireNonNull(unroutable, UNROUTABLE);
        if (announcement == null || !SOUND.matcher(announcement).matches()) {
            throw ConfigException.bad(ANNOUNCEMENT, "must be an Asterisk sound name such as ss-noservice, got "
                    + ConfigException.quote(String.valueOf(announcement)));
        }
        ConfigException.seconds(MAX_CALL_SECONDS, maxCallDuration, 0, 7L * 86_400);
        agiAddr = Objects.requireNonNullElse(agiAddr, Optional.empty());
        agiAllow = List.copyOf(agiAllow);
        if (agiAllow.isEmpty()) {
            throw ConfigException.bad(AGI_ALLOW, "needs at least one peer IP address, e.g. 127.0.0.1");
        }
        logLevel = Objects.requireNonNullElse(logLevel, "INFO").toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            throw ConfigException.bad(LOG_LEVEL, "must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got "
                    + ConfigException.quote(logLevel));
        }
        ConfigException.seconds(STOP_TIMEOUT_SECONDS, stopTimeout, 0, 3600);
        if (instanceId == null || !INSTANCE.matcher(instanceId).matches()) {
            throw ConfigException.bad(INSTANCE_ID, "must be 1 to 100 letters, digits or . _ : @ -, got "
                    + ConfigException.quote(String.valueOf(instanceId)));
        }
        ConfigException.seconds(LEASE_SECONDS, leaseDuration, 1, 300);
        ConfigException.between(FORWARD_LIMIT_PER_MINUTE, forwardLimitPerMinute, 1, 10_000);
        ConfigException.between(CALLLOG_QUEUE, callLogQueue, 1, 10_000_000);
        messages = Objects.requireNonNullElse(messages, MessageConfig.DEFAULT);
        recording = Objects.requireNonNullElse(recording, RecordingConfig.defaults());
        if (recording.retention().compareTo(database.retention()) > 0) {
            throw ConfigException.bad(RecordingConfig.RETENTION_DAYS, "must not exceed " + RETENTION_DAYS
                    + ": a recording is deleted with its call at the latest");
        }
        afterTrip = Objects.requireNonNullElse(afterTrip, AfterTripConfig.defaults());
        if (unroutable instanceof Unroutable.Menu && afterTrip.operator().isEmpty()) {
            throw ConfigException.bad(UNROUTABLE, "menu needs " + AfterTripConfig.OPERATOR
                    + " (the menu of an unroutable call offers the operator)");
        }
        webhooks = Objects.requireNonNullElse(webhooks, WebhookConfig.none());
    }

    /**
     * Builds the configuration from environment variables over an optional properties file.
     *
     * @throws ConfigException naming the first key that is missing or invalid
     */
    public static Config load(Map<String, String> env, Optional<Path> file) {
        Map<String, String> values = new HashMap<>();
        file.ifPresent(f -> values.putAll(SecretFiles.resolve(readFile(f), "--config " + f + ": ")));
        Map<String, String> fromEnv = new HashMap<>();
        for (String key : ALL_KEYS) {
            for (String name : List.of(key, key + SecretFiles.SUFFIX)) {
                String v = env.get(name);
                if (v != null) {
                    fromEnv.put(name, v);
                }
            }
        }
        values.putAll(SecretFiles.resolve(fromEnv, ""));
        return new Reader(values).config();
    }

    private static Map<String, String> readFile(Path f) {
        Properties p = new Properties();
        try (java.io.Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("--config " + f + ": cannot read (" + e.getMessage() + ")");
        }
        Map<String, String> out = new HashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (String k : p.stringPropertyNames()) {
            if (!ALL_KEYS.contains(k) && !ALL_KEYS.contains(SecretFiles.keyOf(k))) {
                unknown.add(k);
            }
            out.put(k, p.getProperty(k));
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("--config " + f + ": unknown key " + ConfigException.quote(unknown.iterator().next())
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
                + ", agiAllow=" + agiAllow + ", logRealNumbers=" + logRealNumbers + ", logLevel=" + logLevel
                + ", stopTimeout=" + stopTimeout + ", instanceId=" + instanceId + ", leaseDuration=" + leaseDuration
                + ", forwardLimitPerMinute=" + forwardLimitPerMinute + ", callLogQueue=" + callLogQueue
                + ", messages=" + messages
                + ", recording=" + recording
                + ", afterTrip=" + afterTrip
                + ", webhooks=" + webhooks + "]";
    }

    /**
     * Turns each key's text into a value (number, address, URL), naming the key when the text is not
     * one; the records check the values. A key set to blank counts as unset.
     */
    private record Reader(Map<String, String> values) {
        Config config() {
            HostPort http = address(HTTP_ADDR).orElse(new HostPort("127.0.0.1", 8080));
            List<String> keys = list(API_KEYS);
            DatabaseConfig db = new DatabaseConfig(
                    string(DB_URL, "jdbc:h2:file:./data/maskline"),
                    string(DB_USER, ""),
                    string(DB_PASSWORD, ""),
                    (int) integer(DB_POOL_SIZE, 10),
                    Duration.ofDays(integer(RETENTION_DAYS, 90)),
                    seconds(SWEEP_INTERVAL_SECONDS, 30));
            AriConfig ari = new AriConfig(uri(ARI_URL, "http://127.0.0.1:8088/ari"), string(ARI_USER, ""),
                    string(ARI_PASSWORD, ""), string(ARI_APP, "maskline"));
            List<String> allow = new ArrayList<>();
            for (String ip : list(AGI_ALLOW).isEmpty() ? List.of("127.0.0.1") : list(AGI_ALLOW)) {
                allow.add(ip(AGI_ALLOW, ip));
            }
            return new Config(http, keys, db, ari,
                    string(DIAL_TEMPLATE, "PJSIP/{number}@trunk"),
                    seconds(RING_TIMEOUT_SECONDS, 30),
                    seconds(DEFAULT_TTL_SECONDS, 14_400),
                    string(DEFAULT_COUNTRY, ""),
                    Unroutable.parse(string(UNROUTABLE, "reject")),
                    string(ANNOUNCEMENT, "ss-noservice"),
                    seconds(MAX_CALL_SECONDS, 14_400),
                    address(AGI_ADDR),
                    List.copyOf(new LinkedHashSet<>(allow)),
                    bool(LOG_REAL_NUMBERS, false),
                    string(LOG_LEVEL, "INFO"),
                    seconds(STOP_TIMEOUT_SECONDS, 10),
                    values.containsKey(INSTANCE_ID) && !string(INSTANCE_ID, "").isEmpty()
                            ? string(INSTANCE_ID, "") : defaultInstanceId(),
                    seconds(LEASE_SECONDS, 3),
                    (int) integer(FORWARD_LIMIT_PER_MINUTE, 3),
                    (int) integer(CALLLOG_QUEUE, 10_000),
                    new MessageConfig((int) integer(MessageConfig.PER_MINUTE, 30),
                            Optional.of(rawString(MessageConfig.UNROUTABLE_REPLY)).filter(v -> !v.isBlank()),
                            bool(MessageConfig.STORE_BODIES, false)),
                    recording(),
                    afterTrip(),
                    webhooks());
        }

        private RecordingConfig recording() {
            String announcement = string(RecordingConfig.ANNOUNCEMENT, "");
            String url = string(RecordingConfig.TRANSCRIBE_URL, "");
            String language = string(RecordingConfig.TRANSCRIBE_LANGUAGE, "");
            return new RecordingConfig(
                    bool(RecordingConfig.RECORD_DEFAULT, false),
                    announcement.isEmpty() ? Optional.empty() : Optional.of(announcement),
                    Path.of(string(RecordingConfig.DIR, "data/recordings")),
                    Duration.ofDays(integer(RecordingConfig.RETENTION_DAYS, integer(RETENTION_DAYS, 90))),
                    url.isEmpty() ? Optional.empty() : Optional.of(uri(RecordingConfig.TRANSCRIBE_URL, url)),
                    string(RecordingConfig.TRANSCRIBE_MODEL, "whisper-1"),
                    language.isEmpty() ? Optional.empty() : Optional.of(language),
                    (int) integer(RecordingConfig.TRANSCRIBE_CONCURRENCY, 1),
                    (int) integer(RecordingConfig.TRANSCRIBE_ATTEMPTS, 5),
                    seconds(RecordingConfig.TRANSCRIBE_TIMEOUT_SECONDS, 600),
                    list(RecordingConfig.QA_KEYWORDS));
        }

        /** A text as given (not trimmed): a reply text is the operator's words. */
        private String rawString(String key) {
            return Objects.requireNonNullElse(values.get(key), "");
        }
        private AfterTripConfig afterTrip() {
            String operator = string(AfterTripConfig.OPERATOR, "");
            String prompts = string(AfterTripConfig.PROMPTS_DIR, "");
            return new AfterTripConfig(
                    (int) integer(AfterTripConfig.RECONTACT_SECONDS, 0),
                    operator.isEmpty() ? Optional.empty() : Optional.of(operator),
                    AfterTripConfig.parseOperatorSees(string(AfterTripConfig.OPERATOR_SEES, "real")),
                    prompts.isEmpty() ? Optional.empty() : Optional.of(prompts),
                    seconds(AfterTripConfig.MENU_KEY_TIMEOUT_SECONDS, 5),
                    (int) integer(AfterTripConfig.CALLBACK_ATTEMPTS, 2),
                    seconds(AfterTripConfig.CALLBACK_TTL_SECONDS, 86_400),
                    seconds(AfterTripConfig.CALLBACK_RETRY_SECONDS, 60),
                    AfterTripConfig.parseCallerIdMode(string(AfterTripConfig.CALLER_ID_MODE, "proxy")));
        }

        /** Issue 16: the backend's hooks. */
        private WebhookConfig webhooks() {
            return new WebhookConfig(optionalUri(WEBHOOK_URL), string(WEBHOOK_SECRET, ""),
                    Duration.ofMillis(integer(WEBHOOK_TIMEOUT_MS, 5000)),
                    optionalUri(INTERCEPT_URL), Duration.ofMillis(integer(INTERCEPT_TIMEOUT_MS, 1000)),
                    WebhookConfig.onTimeoutBlocks(string(INTERCEPT_ON_TIMEOUT, "proceed")),
                    optionalUri(ROUTE_URL), WebhookConfig.routeModeAlways(string(ROUTE_MODE, "fallback")),
                    Duration.ofMillis(integer(ROUTE_TIMEOUT_MS, 1000)));
        }

        private Optional<URI> optionalUri(String key) {
            return string(key, "").isEmpty() ? Optional.empty() : Optional.of(uri(key, ""));
        }

        private String string(String key, String dflt) {
            String v = values.get(key);
            return v == null || v.isBlank() ? dflt : v.trim();
        }

        private List<String> list(String key) {
            List<String> out = new ArrayList<>();
            for (String part : string(key, "").split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }

        private long integer(String key, long dflt) {
            String v = string(key, "");
            if (v.isEmpty()) {
                return dflt;
            }
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw ConfigException.bad(key, "must be a whole number, got " + ConfigException.quote(v));
            }
        }

        private Duration seconds(String key, long dflt) {
            return Duration.ofSeconds(integer(key, dflt));
        }

        private boolean bool(String key, boolean dflt) {
            String v = string(key, "").toLowerCase(Locale.ROOT);
            return switch (v) {
                case "" -> dflt;
                case "true" -> true;
                case "false" -> false;
                default -> throw ConfigException.bad(key, "must be true or false, got " + ConfigException.quote(v));
            };
        }

        private Optional<HostPort> address(String key) {
            String v = string(key, "");
            if (v.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(HostPort.parse(v));
            } catch (IllegalArgumentException e) {
                throw ConfigException.bad(key, e.getMessage());
            }
        }

        private URI uri(String key, String dflt) {
            String v = string(key, dflt);
            try {
                return new URI(v);
            } catch (URISyntaxException e) {
                throw ConfigException.bad(key, "is not a URL: " + ConfigException.quote(v));
            }
        }

        /** An IP literal, never a name: a name would need DNS at start-up and could change under us. */
        private static String ip(String key, String v) {
            if (!IPV4.matcher(v).matches() && !IPV6.matcher(v).matches()) {
                throw ConfigException.bad(key, "must be comma-separated IP addresses, got " + ConfigException.quote(v));
            }
            try {
                return InetAddress.getByName(v).getHostAddress(); // a literal: parsed, not looked up
            } catch (UnknownHostException e) {
                throw ConfigException.bad(key, "must be comma-separated IP addresses, got " + ConfigException.quote(v));
            }
        }

        private String defaultInstanceId() {
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                try {
                    host = InetAddress.getLocalHost().getHostName();
                } catch (UnknownHostException e) {
                    host = "maskline";
                }
            }
            String id = host.replaceAll("[^A-Za-z0-9._:@-]", "-") + "-" + ProcessHandle.current().pid();
            return id.length() > 100 ? id.substring(id.length() - 100) : id;
        }
    }
}
