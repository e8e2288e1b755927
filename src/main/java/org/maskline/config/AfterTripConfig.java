package org.maskline.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.maskline.sessions.PhoneNumbers;
import org.maskline.sessions.SessionPolicy;

/**
 * The settings of issue 14 (after the trip: recontact window, menu, operator, callbacks, caller ID).
 *
 * @param recontactSeconds default recontact window of a session (MASKLINE_RECONTACT_SECONDS); 0: off
 * @param operator         MASKLINE_OPERATOR: a dial string or +E164; empty: no operator
 * @param operatorSeesProxy MASKLINE_OPERATOR_SEES=proxy
 * @param promptsDir       MASKLINE_PROMPTS_DIR: the operator's recordings, a folder on the Asterisk host
 * @param keyTimeout       MASKLINE_MENU_KEY_TIMEOUT_SECONDS
 * @param callbackAttempts MASKLINE_CALLBACK_ATTEMPTS
 * @param callbackTtl      MASKLINE_CALLBACK_TTL_SECONDS
 * @param callbackRetry    MASKLINE_CALLBACK_RETRY_SECONDS
 * @param fixedCallerId    MASKLINE_CALLER_ID_MODE=fixed:+E164; empty for {@code proxy}
 */
public record AfterTripConfig(int recontactSeconds, Optional<String> operator, boolean operatorSeesProxy,
                              Optional<String> promptsDir, Duration keyTimeout, int callbackAttempts,
                              Duration callbackTtl, Duration callbackRetry, Optional<String> fixedCallerId) {
    public static final String RECONTACT_SECONDS = "MASKLINE_RECONTACT_SECONDS";
    public static final String OPERATOR = "MASKLINE_OPERATOR";
    public static final String OPERATOR_SEES = "MASKLINE_OPERATOR_SEES";
    public static final String PROMPTS_DIR = "MASKLINE_PROMPTS_DIR";
    public static final String MENU_KEY_TIMEOUT_SECONDS = "MASKLINE_MENU_KEY_TIMEOUT_SECONDS";
    public static final String CALLBACK_ATTEMPTS = "MASKLINE_CALLBACK_ATTEMPTS";
    public static final String CALLBACK_TTL_SECONDS = "MASKLINE_CALLBACK_TTL_SECONDS";
    public static final String CALLBACK_RETRY_SECONDS = "MASKLINE_CALLBACK_RETRY_SECONDS";
    public static final String CALLER_ID_MODE = "MASKLINE_CALLER_ID_MODE";

    /** A dial string Asterisk accepts: technology/resource, no spaces, no dialplan separators. */
    private static final Pattern DIAL_STRING = Pattern.compile("[A-Za-z0-9_]+/[A-Za-z0-9_@.:+#*-]{1,100}");
    /** An absolute folder without spaces or commas (ARI's media list is comma-separated). */
    private static final Pattern FOLDER = Pattern.compile("/[A-Za-z0-9_./-]{0,200}");

    public AfterTripConfig {
        ConfigException.between(RECONTACT_SECONDS, recontactSeconds, 0, SessionPolicy.MAX_RECONTACT_SECONDS);
        operator = Objects.requireNonNullElse(operator, Optional.<String>empty());
        operator.ifPresent(o -> {
            if (!PhoneNumbers.isE164(o) && !DIAL_STRING.matcher(o).matches()) {
                throw ConfigException.bad(OPERATOR, "must be +E164 or a dial string such as PJSIP/100@pbx, got "
                        + ConfigException.quote(o));
            }
        });
        promptsDir = Objects.requireNonNullElse(promptsDir, Optional.<String>empty());
        promptsDir.ifPresent(d -> {
            if (!FOLDER.matcher(d).matches() || d.contains("..")) {
                throw ConfigException.bad(PROMPTS_DIR, "must be an absolute folder on the Asterisk host (letters, digits,"
                        + " _ . / -), got " + ConfigException.quote(d));
            }
        });
        ConfigException.seconds(MENU_KEY_TIMEOUT_SECONDS, keyTimeout, 1, 60);
        ConfigException.between(CALLBACK_ATTEMPTS, callbackAttempts, 1, 10);
        ConfigException.seconds(CALLBACK_TTL_SECONDS, callbackTtl, 60, 30L * 86_400);
        ConfigException.seconds(CALLBACK_RETRY_SECONDS, callbackRetry, 1, 86_400);
        fixedCallerId = Objects.requireNonNullElse(fixedCallerId, Optional.<String>empty());
    }

    public static AfterTripConfig defaults() {
        return new AfterTripConfig(0, Optional.empty(), false, Optional.empty(), Duration.ofSeconds(5), 2,
                Duration.ofSeconds(86_400), Duration.ofSeconds(60), Optional.empty());
    }

    /** Reads MASKLINE_OPERATOR_SEES: {@code real} (default) or {@code proxy}. */
    static boolean parseOperatorSees(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "real" -> false;
            case "proxy" -> true;
            default -> throw ConfigException.bad(OPERATOR_SEES, "must be real or proxy, got " + ConfigException.quote(v));
        };
    }

    /** Reads MASKLINE_CALLER_ID_MODE: {@code proxy} (default) or {@code fixed:+E164}. */
    static Optional<String> parseCallerIdMode(String v) {
        if (v.equals("proxy")) return Optional.empty();
        if (v.startsWith("fixed:") && PhoneNumbers.isE164(v.substring(6))) return Optional.of(v.substring(6));
        throw ConfigException.bad(CALLER_ID_MODE, "must be proxy or fixed:+E164 (e.g. fixed:+34910000000), got "
                + ConfigException.quote(v));
    }
}
