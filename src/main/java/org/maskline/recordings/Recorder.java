package org.maskline.recordings;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.maskline.ari.AriClient;
import org.maskline.ari.AriException;
import org.maskline.ari.RecordRequest;
import org.maskline.calls.CallRecorder;
import org.maskline.store.RecordingRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the recording of a call that talks and whose session asks for it: the row first, then a
 * snoop channel per leg, then (when each snoop is in the application) a live recording of each.
 * Store work runs on {@code blocking}; nothing here blocks the call's executor.
 */
final class Recorder implements CallRecorder {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    /** The longest an announcement may keep the parties apart. */
    static final Duration ANNOUNCEMENT_LIMIT = Duration.ofSeconds(30);

    private final AriClient ari;
    private final RecordingRepository repo;
    private final RecordingCollector collector;
    private final Optional<String> announcement;
    private final Duration maxCall;
    private final Executor blocking;
    private final Clock clock;
    /** Calls whose parties are muted while the announcement plays, by call id. */
    private final Map<String, Talking> announcing = new ConcurrentHashMap<>();

    Recorder(AriClient ari, RecordingRepository repo, RecordingCollector collector, Optional<String> announcement,
             Duration maxCall, Executor blocking, Clock clock) {
        this.ari = ari;
        this.repo = repo;
        this.collector = collector;
        this.announcement = announcement;
        this.maxCall = maxCall;
        this.blocking = blocking;
        this.clock = clock;
    }

    /** Asterisk's name for a track's recording: the snoop channel's id, prefixed. */
    static String recordingName(String snoopChannelId) {
        return "maskline-" + snoopChannelId;
    }

    @Override
    public void talking(Talking call) {
        // A call without a session (forwarded, or connected by the routing webhook) is recorded only
        // when the webhook asked: nobody else consented for it.
        if (call.sessionId() == null && !call.asked()) return;
        blocking.execute(() -> {
            try {
                if (!call.asked() && !repo.sessionRecords(call.sessionId())) return;
                if (!repo.begin(call.callId(), clock.instant())) {
                    // Taken over: the previous Maskline started it, and Asterisk records on.
                    log.info("call {}: recording goes on after the takeover", call.callId());
                    return;
                }
            } catch (RuntimeException e) {
                // No row, no recording: one that nobody could ever collect would stay on Asterisk's disk.
                log.warn("call {}: not recorded, the store did not answer: {}", call.callId(), e.getMessage());
                return;
            }
            if (!call.adopted()) {
                announcement.ifPresent(sound -> announce(call, sound));
            } else if (announcement.isPresent()) {
                // The previous Maskline may have stopped during the announcement, the parties still muted.
                join(call);
            }
            snoop(call.callId(), call.callerChannel(), call.callId() + CALLER_TRACK);
            snoop(call.callId(), call.calleeChannel(), call.callId() + CALLEE_TRACK);
            RecordingMetrics.STARTED.inc();
            log.info("call {}: recording both parties", call.callId());
        });
    }

    /**
     * Both parties hear the announcement before they hear each other: the callee is already in the
     * bridge (it carried the ringback), so what each says is muted until the announcement ends.
     */
    private void announce(Talking call, String sound) {
        announcing.put(call.callId(), call);
        CompletableFuture.allOf(ari.channels().mute(call.callerChannel(), "in"), ari.channels().mute(call.calleeChannel(), "in"))
                .thenCompose(v -> ari.bridges().play(call.bridgeId(), call.callId() + ANNOUNCEMENT, "sound:" + sound))
                .whenComplete((v, t) -> {
                    if (t != null) {
                        log.warn("call {}: recording announcement failed: {}", call.callId(), AriException.unwrap(t).getMessage());
                        announced(call.callId());
                    }
                });
        // Its PlaybackFinished may never come (a reconnect loses events): the parties are joined by then at the latest.
        CompletableFuture.delayedExecutor(ANNOUNCEMENT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> announced(call.callId()));
    }

    @Override
    public void announced(String callId) {
        Talking call = announcing.remove(callId);
        if (call != null) join(call);
    }

    /** Lets each party be heard again; a leg that is gone already needs nothing. */
    private void join(Talking call) {
        for (String leg : new String[] {call.callerChannel(), call.calleeChannel()}) {
            ari.channels().unmute(leg, "in").exceptionally(t -> {
                if (!(AriException.unwrap(t) instanceof AriException.NotFound)) {
                    log.warn("call {}: could not unmute leg {}: {}", call.callId(), leg, AriException.unwrap(t).getMessage());
                }
                return null;
            });
        }
    }

    private void snoop(String callId, String leg, String snoopId) {
        // spy=in: what this leg's party says, and nothing of the other party or of announcements.
        ari.channels().snoop(leg, snoopId, "in", ari.config().app(), SNOOP_ARG).exceptionally(t -> {
            log.warn("call {}: could not follow leg {} for recording: {}", callId, leg, AriException.unwrap(t).getMessage());
            return null;
        });
    }

    /** The snoop is in the application: record it (a record request before that would be refused). */
    @Override
    public void snoopReady(String channelId) {
        String callId = CallRecorder.callOfSnoop(channelId);
        if (callId == null) return;
        // Asterisk stops by itself when the snoop hangs up with its leg; the limit is only a backstop.
        int limit = maxCall.isZero() ? 0 : (int) Math.min(Integer.MAX_VALUE, maxCall.toSeconds() + 60);
        ari.channels().record(channelId, RecordRequest.of(recordingName(channelId), "wav")
                .withMaxDurationSeconds(limit).withIfExists("overwrite")).exceptionally(t -> {
            log.warn("call {}: could not record track {}: {}", callId, channelId, AriException.unwrap(t).getMessage());
            return null;
        });
    }

    @Override
    public void ended(String callId) {
        collector.soon(callId);
    }
}
