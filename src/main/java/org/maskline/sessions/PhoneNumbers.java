package org.maskline.sessions;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Phone-number normalization to E.164, and masking for logs.
 *
 * <p>The normalization rule, applied in this order:
 * <ol>
 *   <li>Trim. If the text holds {@code <...>}, keep only what is inside the angle brackets (this drops
 *       a display name such as {@code "Bob" <sip:...>}).</li>
 *   <li>Drop a {@code sip:}, {@code sips:} or {@code tel:} scheme (any case), then cut the rest at the
 *       first {@code @} (host), {@code ;} (parameters) or {@code ?} (headers): what remains is the user part.</li>
 *   <li>Drop visual separators: spaces, {@code -}, {@code .}, {@code (}, {@code )}, {@code /}.</li>
 *   <li>What remains must be digits with an optional leading {@code +}; a leading {@code 00} becomes {@code +}.</li>
 *   <li>A number with {@code +} is parsed as international. Any other number is parsed as a national number
 *       of the default country (an ISO 3166 region such as {@code ES}) by libphonenumber, which also strips
 *       national prefixes ({@code 0}, Russia's {@code 8}) and recognizes a country code written without
 *       {@code +} ({@code 34600111222} with {@code ES}). With no default country, such numbers are refused
 *       rather than guessed.</li>
 *   <li>The result is formatted as E.164 and must have 8 to 15 digits.</li>
 * </ol>
 * libphonenumber is used only to parse and format, never to validate number ranges, so that test and
 * newly allocated ranges (such as {@code +15550100}) are accepted.
 */
public final class PhoneNumbers {
    private PhoneNumbers() {}

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-.()/]");
    private static final Pattern DIGITS = Pattern.compile("\\+?[0-9]+");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final String UNKNOWN_REGION = "ZZ";

    /**
     * Normalizes a caller ID, URI or typed number to E.164.
     *
     * @param defaultCountry ISO region for national numbers, or null or blank for none
     * @throws InvalidNumberException when the rule above cannot produce an E.164 number
     */
    public static String normalize(String raw, String defaultCountry) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidNumberException("number is empty");
        }
        String text = userPart(raw.trim());
        String compact = SEPARATORS.matcher(text).replaceAll("");
        if (compact.isEmpty()) {
            throw new InvalidNumberException("number is empty: " + quoted(raw));
        }
        if (!DIGITS.matcher(compact).matches()) {
            throw new InvalidNumberException("not a phone number: " + quoted(raw));
        }
        if (compact.startsWith("00")) {
            compact = "+" + compact.substring(2);
        }
        boolean international = compact.startsWith("+");
        String region = international ? UNKNOWN_REGION : region(defaultCountry);
        if (region == null) {
            throw new InvalidNumberException("not an international number (no + or 00) and no default country is configured: "
                    + quoted(raw));
        }
        PhoneNumber parsed;
        try {
            parsed = UTIL.parse(compact, region);
        } catch (NumberParseException e) {
            throw new InvalidNumberException("cannot read " + quoted(raw) + " as a phone number: " + reason(e));
        }
        String e164 = UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
        int digits = e164.length() - 1;
        if (digits < 8) {
            throw new InvalidNumberException("too short for E.164 (" + digits + " digits, at least 8): " + quoted(raw));
        }
        if (digits > 15) {
            throw new InvalidNumberException("too long for E.164 (" + digits + " digits, at most 15): " + quoted(raw));
        }
        return e164;
    }

    /** True when the text is already a well-formed E.164 number. */
    public static boolean isE164(String s) {
        return s != null && E164.matcher(s).matches();
    }

    /** True when libphonenumber knows this ISO 3166 region code (upper case). */
    public static boolean isSupportedRegion(String region) {
        return UTIL.getSupportedRegions().contains(region);
    }

    // One switch for the whole process (MASKLINE_LOG_REAL_NUMBERS), set once at start-up: mask()
    // is the single place every log line goes through, so a flag here beats threading config into each.
    private static volatile boolean logRealNumbers;

    /** Makes {@link #mask} return numbers unmasked (an operator's explicit choice, off by default). */
    public static void logRealNumbers(boolean enabled) {
        logRealNumbers = enabled;
    }

    /**
     * Masks a number for logs: keeps the first 5 and the last 2 characters ({@code +3460*****12}).
     * Strings of 7 characters or fewer are masked entirely, since keeping 7 would show all of them.
     */
    public static String mask(String number) {
        if (number == null) {
            return "null";
        }
        if (logRealNumbers) {
            return number;
        }
        int n = number.length();
        if (n <= 7) {
            return "*".repeat(n);
        }
        return number.substring(0, 5) + "*".repeat(n - 7) + number.substring(n - 2);
    }

    private static String userPart(String s) {
        int open = s.indexOf('<');
        int close = s.indexOf('>', open + 1);
        if (open >= 0 && close > open) {
            s = s.substring(open + 1, close).trim();
        }
        String lower = s.toLowerCase(Locale.ROOT);
        for (String scheme : new String[] {"sips:", "sip:", "tel:"}) {
            if (lower.startsWith(scheme)) {
                s = s.substring(scheme.length());
                break;
            }
        }
        for (char stop : new char[] {'@', ';', '?'}) {
            int i = s.indexOf(stop);
            if (i >= 0) {
                s = s.substring(0, i);
            }
        }
        return s.trim();
    }

    private static String region(String defaultCountry) {
        if (defaultCountry == null || defaultCountry.isBlank()) {
            return null;
        }
        return defaultCountry.trim().toUpperCase(Locale.ROOT);
    }

    private static String reason(NumberParseException e) {
        return switch (e.getErrorType()) {
            case INVALID_COUNTRY_CODE -> "unknown country code";
            case NOT_A_NUMBER -> "not a number";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
            case TOO_LONG -> "too long";
        };
    }

    private static String quoted(String raw) {
        String s = raw.length() > 64 ? raw.substring(0, 64) + "..." : raw;
        return "'" + s + "'";
    }
}
