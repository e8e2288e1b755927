package org.maskline.ari;

/**
 * A recording in progress; {@code state} is "queued", "recording", "paused", "done", "failed" or "canceled".
 * The durations are seconds and only present once Asterisk knows them.
 */
public record LiveRecording(String name, String format, String targetUri, String state, Integer duration,
                            Integer talkingDuration, Integer silenceDuration, String cause) {

    public String targetChannelId() {
        return Targets.channelId(targetUri);
    }

    public String targetBridgeId() {
        return Targets.bridgeId(targetUri);
    }
}
