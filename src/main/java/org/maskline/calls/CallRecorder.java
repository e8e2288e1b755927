package org.maskline.calls;

/**
 * What the call flow tells a recorder (issue 15; see the {@code recordings} package). Every method
 * returns at once: it runs on the call's own executor.
 *
 * <p>A recorder follows each party with its own snoop channel, named after the call, in the
 * application; the router leaves those channels alone while their call lives (also across a
 * restart, when a new Maskline takes the call over) and hangs them up otherwise.
 */
public interface CallRecorder {
    /** appArgs of a recorder's snoop channels: their StasisStart is no call. */
    String SNOOP_ARG = "maskline-recording";
    /** The snoop channel on the caller's leg is the call id plus this. */
    String CALLER_TRACK = "-ra";
    /** The snoop channel on the callee's leg is the call id plus this. */
    String CALLEE_TRACK = "-rb";

    /**
     * The two parties talk: answered now, or taken over from a previous Maskline ({@code adopted}),
     * whose recording, when it had started one, is still running in Asterisk.
     */
    void talking(Talking call);

    /** A snoop channel of this recorder entered the application. */
    void snoopReady(String channelId);

    /** The playback id of a call's recording announcement is the call id plus this. */
    String ANNOUNCEMENT = "-rn";

    /** The recording announcement of this call finished playing (or failed). */
    default void announced(String callId) {}

    /** A call that talked has ended (both legs are gone). */
    void ended(String callId);

    /**
     * @param bridgeId the call's mixing bridge (an announcement is played to both parties there)
     * @param asked    the routing webhook asked for this call to be recorded (its session, if any, is not asked)
     */
    record Talking(String callId, String sessionId, String callerChannel, String calleeChannel, String bridgeId,
                   boolean adopted, boolean asked) {}

    /** The call id a recorder's snoop channel belongs to, or null when the id is no such channel. */
    static String callOfSnoop(String channelId) {
        if (channelId == null) return null;
        if (channelId.endsWith(CALLER_TRACK) || channelId.endsWith(CALLEE_TRACK)) {
            return channelId.substring(0, channelId.length() - CALLER_TRACK.length());
        }
        return null;
    }

    /** Records nothing. */
    CallRecorder NONE = new CallRecorder() {
        @Override
        public void talking(Talking call) {}

        @Override
        public void snoopReady(String channelId) {}

        @Override
        public void ended(String callId) {}
    };
}
