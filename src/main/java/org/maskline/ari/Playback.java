package org.maskline.ari;

/** A media playback; {@code state} is "queued", "playing", "continuing", "done" or "failed". */
public record Playback(String id, String mediaUri, String nextMediaUri, String targetUri, String language, String state) {

    /** The id of the channel this plays to, or null when it plays to a bridge. */
    public String targetChannelId() {
        return Targets.channelId(targetUri);
    }
}
