package org.maskline.calls;

import org.maskline.sessions.PhoneNumbers;

/**
 * Makes text from the network safe to store and to log: control characters (CR, LF, TAB, NUL, the
 * Unicode line separators...) are escaped, so a dialed number can never start a new log line, and
 * lengths are bounded to what the call-log columns hold, so a row can always be written.
 */
public final class Sanitizer {
    /** The call log's caller and proxy_number columns. */
    public static final int NUMBER_COLUMN = 64;
    /** What a log line shows of a raw value at most. */
    static final int LOG_LENGTH = 40;

    private Sanitizer() {}

    /** {@code raw} with control characters escaped ({@code \n}, {@code \x07}, {@code \u2028}) and cut to {@code max} chars. */
    public static String text(String raw, int max) {
        if (raw == null) return "";
        StringBuilder b = new StringBuilder(Math.min(raw.length(), max));
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            String piece;
            if (c == '\r') piece = "\\r";
            else if (c == '\n') piece = "\\n";
            else if (c == '\t') piece = "\\t";
            else if (c == '\\') piece = "\\\\";
            else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085'
                    || Character.getType(c) == Character.FORMAT) {
                piece = c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c);
            } else {
                piece = String.valueOf(c);
            }
            if (b.length() + piece.length() > max) {
                // Mark the cut, so nobody mistakes a shortened value for the real one.
                int keep = Math.max(0, max - 1);
                b.setLength(Math.min(b.length(), keep));
                b.append('~');
                return b.toString();
            }
            b.append(piece);
        }
        return b.toString();
    }

    /** A number as received, fit for the call log's number columns. */
    public static String number(String raw) {
        String s = text(raw, NUMBER_COLUMN);
        return s.isBlank() ? "anonymous" : s;
    }

    /** A number as received, fit for a log line: escaped, bounded, and masked. */
    public static String forLog(String raw) {
        return PhoneNumbers.mask(text(raw, LOG_LENGTH));
    }
}
