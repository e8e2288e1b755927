package org.maskline.sessions;

/**
 * What a session carries: calls, text messages, or both (the default). A call or a message outside
 * the mode is refused exactly like one from an unknown caller, so the mode can never be probed.
 */
public enum SessionMode {
    VOICE("voice"), MESSAGE("message"), VOICE_AND_MESSAGE("voice-and-message");

    public static final SessionMode DEFAULT = VOICE_AND_MESSAGE;

    private final String code;

    SessionMode(String code) {
        this.code = code;
    }

    /** The form used in the database and in JSON. */
    public String code() {
        return code;
    }

    public boolean allowsCalls() {
        return this != MESSAGE;
    }

    public boolean allowsMessages() {
        return this != VOICE;
    }

    /** @throws IllegalArgumentException for anything but the three codes */
    public static SessionMode fromCode(String code) {
        for (SessionMode m : values()) {
            if (m.code.equals(code)) return m;
        }
        throw new IllegalArgumentException("unknown session mode: " + code);
    }
}
