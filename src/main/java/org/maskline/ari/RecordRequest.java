package org.maskline.ari;

/**
 * Parameters of {@code POST /channels/{id}/record} and {@code /bridges/{id}/record}.
 *
 * @param name        recording name, also the file name under Asterisk's recordings directory
 * @param format      file format, e.g. "wav"
 * @param ifExists    "fail", "overwrite" or "append"
 * @param terminateOn DTMF that stops recording: "none", "any", "*", "#"
 */
public record RecordRequest(String name, String format, int maxDurationSeconds, int maxSilenceSeconds,
                            String ifExists, boolean beep, String terminateOn) {

    public RecordRequest {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(format, "format");
        ifExists = ifExists == null ? "fail" : ifExists;
        terminateOn = terminateOn == null ? "none" : terminateOn;
    }

    public static RecordRequest of(String name, String format) {
        return new RecordRequest(name, format, 0, 0, "fail", false, "none");
    }

    public RecordRequest withMaxDurationSeconds(int seconds) {
        return new RecordRequest(name, format, seconds, maxSilenceSeconds, ifExists, beep, terminateOn);
    }

    public RecordRequest withIfExists(String policy) {
        return new RecordRequest(name, format, maxDurationSeconds, maxSilenceSeconds, policy, beep, terminateOn);
    }
}
