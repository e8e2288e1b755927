package org.maskline.config;

/** Configuration that cannot start Maskline. The message is one line that names the key. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }

    /** {@code KEY problem}: the form every configuration error takes. */
    static ConfigException bad(String key, String problem) {
        return new ConfigException(key + " " + problem);
    }

    /** Refuses {@code value} outside {@code [min, max]}, naming the key. @return value */
    static long between(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw bad(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** Refuses a duration outside {@code [min, max]} seconds, naming the key. @return d */
    static java.time.Duration seconds(String key, java.time.Duration d, long min, long max) {
        java.util.Objects.requireNonNull(d, key);
        between(key, d.toSeconds(), min, max);
        return d;
    }

    /** Quotes a value for an error line: at most 64 characters, control characters shown as '?'. */
    static String quote(String v) {
        String s = v.length() > 64 ? v.substring(0, 64) + "..." : v;
        return "'" + s.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
