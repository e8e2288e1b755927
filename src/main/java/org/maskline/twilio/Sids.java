package org.maskline.twilio;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Twilio's resource ids: a two-letter type and 32 lower-case hex digits. Services (KS), phone numbers (PN),
 * sessions (KC) and participants (KP) get random sids, stored with the resource. Interactions (KI) and their
 * call legs (CA) are derived from the call's id, so a call-log row has the same sid forever without a table.
 */
final class Sids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    static final String SERVICE = "KS";
    static final String NUMBER = "PN";
    static final String SESSION = "KC";
    static final String PARTICIPANT = "KP";
    static final String INTERACTION = "KI";
    static final String CALL = "CA";
    static final String ACCOUNT = "AC";

    private static final Pattern SHAPE = Pattern.compile("[A-Z]{2}[0-9a-f]{32}");

    private Sids() {}

    static String random(String prefix) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return prefix + HEX.formatHex(b);
    }

    /** A sid that is a function of {@code seed}: the same seed always gives the same sid. */
    static String derived(String prefix, String seed) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((prefix + ":" + seed).getBytes(StandardCharsets.UTF_8));
            return prefix + HEX.formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean is(String prefix, String s) {
        return s != null && s.startsWith(prefix) && SHAPE.matcher(s).matches();
    }
}
