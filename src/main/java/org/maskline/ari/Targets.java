package org.maskline.ari;

/** Reads ARI's {@code target_uri} strings ("channel:ID", "bridge:ID", ...). */
final class Targets {
    private Targets() {}

    /** The channel id when the target is a channel, else null. */
    static String channelId(String targetUri) {
        return targetUri != null && targetUri.startsWith("channel:") ? targetUri.substring("channel:".length()) : null;
    }

    static String bridgeId(String targetUri) {
        return targetUri != null && targetUri.startsWith("bridge:") ? targetUri.substring("bridge:".length()) : null;
    }
}
