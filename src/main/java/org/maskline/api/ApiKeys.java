package org.maskline.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks bearer keys in constant time: keys are compared as SHA-256 digests (so their lengths do not
 * leak) and every configured key is compared on every request (so which key matched does not leak).
 */
final class ApiKeys {
    private final List<byte[]> digests;

    ApiKeys(List<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one API key is required");
        }
        this.digests = keys.stream().map(ApiKeys::sha256).toList();
    }

    boolean accepts(String authorization) {
        String presented = "";
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).trim();
        }
        return acceptsKey(presented);
    }

    /** The key itself, however it was presented (a mount may take it from HTTP Basic). */
    boolean acceptsKey(String presented) {
        if (presented == null) {
            presented = "";
        }
        byte[] d = sha256(presented);
        boolean ok = false;
        for (byte[] k : digests) {
            ok |= MessageDigest.isEqual(k, d);
        }
        return ok && !presented.isEmpty();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
