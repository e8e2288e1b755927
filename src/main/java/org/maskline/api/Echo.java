package org.maskline.api;

/**
 * Client input quoted back in an error message: at most {@value #MAX} characters, control and
 * non-printing characters replaced, so an error never carries a megabyte or a terminal escape.
 */
final class Echo {
    static final int MAX = 64;

    private Echo() {}

    /** {@code 'value'}, capped and cleaned. */
    static String quote(String s) {
        return "'" + clean(s) + "'";
    }

    /** The value capped and cleaned, unquoted. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX) + 3);
        int n = 0;
        for (int i = 0; i < s.length() && n < MAX; n++) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            b.appendCodePoint(Character.isISOControl(cp) || !Character.isDefined(cp)
                    || Character.getType(cp) == Character.FORMAT ? '?' : cp);
        }
        if (n >= MAX && s.codePointCount(0, s.length()) > MAX) {
            b.append("...");
        }
        return b.toString();
    }
}
