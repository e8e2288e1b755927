package org.maskline.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code Maskline-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}: on every request
 * Maskline sends to the backend (events, intercept, routing). The time is signed with the body, so a
 * receiver that refuses old times also refuses a replayed request.
 */
public final class Signature {
    public static final String HEADER = "Maskline-Signature";

    private Signature() {}

    /** The header value for {@code body} sent at {@code at}. */
    public static String header(String secret, Instant at, byte[] body) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + hmacHex(secret, t, body);
    }

    /**
     * Checks a header against the body: a v1 that matches and a time within {@code tolerance} of {@code now}.
     * The reference for receivers (docs/api.md shows the same in Java, Python and Node).
     */
    public static boolean verify(String secret, String header, byte[] body, Instant now, Duration tolerance) {
        if (header == null) return false;
        long t = -1;
        String v1 = null;
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                try {
                    t = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (p.startsWith("v1=")) {
                v1 = p.substring(3);
            }
        }
        if (t < 0 || v1 == null || Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) return false;
        return MessageDigest.isEqual(hmacHex(secret, t, body).getBytes(StandardCharsets.US_ASCII),
                v1.getBytes(StandardCharsets.US_ASCII));
    }

    private static String hmacHex(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
