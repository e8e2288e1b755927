package org.maskline.calls;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.maskline.ari.AriEvent;
import org.maskline.ari.AriException;
import org.maskline.ari.Channel;
import org.maskline.ari.ChannelCreate;
import org.maskline.config.Unroutable;
import org.maskline.sessions.InvalidNumberException;
import org.maskline.sessions.PhoneNumbers;
import org.maskline.sessions.Route;
import org.maskline.sessions.StoreUnavailableException;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound call: leg A (the caller, in Stasis from the dialplan) and, when it has a route,
 * leg B (the callee, created by Maskline) in a mixing bridge.
 *
 * <p>Everything here runs on the call's own {@link SerialExecutor}: ARI events of both legs and
 * the results of REST requests are handled one at a time, so the state needs no lock, and nothing
 * blocks a Netty thread. The store is only touched from here, on a pool thread.
 *
 * <p>Privacy: before the legs meet, each leg's caller ID and connected line are set to service
 * numbers, so whatever identity Asterisk sends either phone (INVITE, 18x, 200, UPDATE, re-INVITE,
 * From, P-Asserted-Identity, Remote-Party-ID) is a service number; the bridge also inhibits
 * connected-line updates.
 */
final class Call {
    private static final Logger log = LoggerFactory.getLogger(Call.class);

    enum State { NEW, CONNECTING, RINGING, TALKING, ANNOUNCING, ENDING, ENDED }

    final String id;
    final SerialExecutor executor;
    /** The channel, bridge and playback ids the router delivers to this call. */
    final java.util.Queue<String> keys = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final CallContext ctx;

    private State state = State.NEW;
    private String aId;
    private String bId;
    private String bridgeId;
    private boolean aGone;
    private boolean bGone;
    private boolean ringing;
    private boolean legsPrepared;
    private boolean bInStasis;
    private boolean bridged;

    // The call-log row, filled as the call goes.
    private String caller;
    private String proxyNumber;
    private String sessionId;
    private String callee;
    private Instant startedAt;
    private Instant answeredAt;
    private CallOutcome outcome;
    private String hangupCause;

    private ScheduledFuture<?> ringGuard;
    private ScheduledFuture<?> maxCallTimer;

    Call(String id, CallContext ctx) {
        this.id = id;
        this.ctx = ctx;
        this.executor = new SerialExecutor(ctx.pool(), id);
    }

    String aId() {
        return aId;
    }

    // ---- Inbound leg arrives ----------------------------------------------------------------

    void start(Channel a) {
        aId = a.id();
        startedAt = ctx.clock().instant();
        String rawCaller = a.caller() == null ? null : a.caller().number();
        String rawDialed = a.dialplan() == null ? null : a.dialplan().exten();
        proxyNumber = rawDialed == null ? "unknown" : rawDialed;
        caller = rawCaller == null || rawCaller.isBlank() ? "anonymous" : rawCaller;

        String dialed;
        try {
            dialed = PhoneNumbers.normalize(rawDialed, ctx.settings().defaultCountry());
            proxyNumber = dialed;
        } catch (InvalidNumberException e) {
            unroutable("dialed number unreadable");
            return;
        }
        String from;
        try {
            from = PhoneNumbers.normalize(rawCaller, ctx.settings().defaultCountry());
            caller = from;
        } catch (InvalidNumberException e) {
            unroutable("caller id unreadable");
            return;
        }
        log.info("call from {} to {}", PhoneNumbers.mask(caller), proxyNumber);

        Optional<Route> route;
        try {
            route = ctx.routes().findRoute(from, dialed);
        } catch (StoreUnavailableException | IllegalStateException e) {
            // Fail closed: without an answer from the store nobody is dialed.
            log.error("route lookup failed; rejecting the call: {}", e.getMessage());
            outcome = CallOutcome.FAILED;
            hangupCause = "store_unavailable";
            recordStarted();
            hangupA(Causes.NO_ROUTE_AVAILABLE);
            return;
        }
        if (route.isEmpty()) {
            unroutable("no open session for this caller on this number");
            return;
        }
        Route r = route.get();
        sessionId = r.sessionId();
        callee = r.calleeNumber();
        connect(r.calleeNumber(), r.calleeProxy(), r.callerProxy());
        // Written while connect()'s requests are in flight, not before them: the row is not on the
        // masking hop. It still lands before any ending, which queues behind this task.
        recordStarted();
    }

    private void unroutable(String why) {
        log.info("unroutable ({}): caller {} dialed {}", why, PhoneNumbers.mask(caller), proxyNumber);
        outcome = CallOutcome.REJECTED;
        hangupCause = "unroutable";
        switch (ctx.settings().unroutable()) {
            case Unroutable.Reject r -> {
                recordStarted();
                hangupA(Causes.UNALLOCATED);
            }
            case Unroutable.Announce a -> {
                recordStarted();
                announce(ctx.settings().announcement());
            }
            case Unroutable.Forward f -> {
                // The support line sees the service number that was dialed, never the caller's.
                outcome = null;
                hangupCause = null;
                callee = f.number();
                String shown = PhoneNumbers.isE164(proxyNumber) ? proxyNumber : f.number();
                connect(f.number(), shown, shown);
                recordStarted();
            }
        }
    }

    private void announce(String sound) {
        state = State.ANNOUNCING;
        String playback = id + "-p";
        ctx.registry().bind(playback, this);
        ctx.ari().channels().setVariables(aId, identity(proxyNumber, "CONNECTEDLINE", "i"))
                .thenCompose(v -> ctx.ari().channels().answer(aId))
                .thenCompose(v -> ctx.ari().channels().play(aId, playback, "sound:" + sound))
                .whenCompleteAsync((p, t) -> {
                    if (t != null && !aGone) {
                        log.warn("announcement failed: {}", AriException.unwrap(t).getMessage());
                        hangupA(Causes.NORMAL_CLEARING);
                    }
                }, executor);
    }

    /**
     * Takes over a call that a previous Maskline bridged and that is still up: from here on its
     * hang-ups are handled and its row completed as if this process had placed it.
     */
    void adopt(String a, String b, String bridge, boolean answered, Optional<CallRecord> row) {
        aId = a;
        bId = b;
        bridgeId = bridge;
        legsPrepared = true;
        bInStasis = true;
        bridged = true;
        state = answered ? State.TALKING : State.RINGING;
        startedAt = row.map(CallRecord::startedAt).orElse(ctx.clock().instant());
        answeredAt = row.map(CallRecord::answeredAt).orElse(answered ? ctx.clock().instant() : null);
        caller = row.map(CallRecord::caller).orElse("unknown");
        proxyNumber = row.map(CallRecord::proxyNumber).orElse("unknown");
        callee = row.map(CallRecord::callee).orElse(null);
        sessionId = row.map(CallRecord::sessionId).orElse(null);
        log.info("took over a {} call left by a previous Maskline", answered ? "bridged" : "ringing");
        if (!answered) {
            ringGuard = ctx.scheduler().schedule(() -> executor.execute(this::ringTimedOut),
                    ctx.settings().ringTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    // ---- Connecting the callee --------------------------------------------------------------

    /**
     * Creates leg B towards {@code number}, masks both legs, bridges them and dials B.
     *
     * @param shownToCallee the caller ID B's phone shows: the service number B knows A by
     * @param shownToCaller what A's phone is shown as the other party: the number A dialed
     */
    private void connect(String number, String shownToCallee, String shownToCaller) {
        state = State.CONNECTING;
        bId = id + "-b";
        bridgeId = id;
        // Bind before creating: B's first event may arrive before create() returns.
        ctx.registry().bind(bId, this);
        ctx.registry().bind(bridgeId, this);

        Map<String, String> aIdentity = new LinkedHashMap<>();
        aIdentity.putAll(identity(shownToCallee, "CALLERID", null));
        aIdentity.putAll(identity(shownToCaller, "CONNECTEDLINE", "i"));
        Map<String, String> bIdentity = new LinkedHashMap<>();
        bIdentity.putAll(identity(shownToCaller, "CALLERID", null));
        bIdentity.putAll(identity(shownToCallee, "CONNECTEDLINE", "i"));

        var channels = ctx.ari().channels();
        CompletableFuture<Void> maskA = channels.setVariables(aId, aIdentity);
        CompletableFuture<?> createB = channels.create(
                new ChannelCreate(ctx.settings().endpointFor(number), ctx.settings().app(), CallRouter.LEG_B_ARG,
                        bId, null, aId, null, bIdentity));
        CompletableFuture<?> bridge = ctx.ari().bridges().create(bridgeId, "mixing", "maskline-" + id);
        CompletableFuture.allOf(maskA, createB, bridge).whenCompleteAsync((v, t) -> {
            if (t != null) {
                connectFailed(AriException.unwrap(t));
            } else if (aGone) {
                // The caller left while B was being created: an earlier hang-up of B found nothing.
                hangupB("normal");
            } else {
                legsPrepared = true;
                bridgeAndDial();
            }
        }, executor);
        // Asterisk ends the dial at the ring timeout; this guard covers a dial that never reports.
        ringGuard = ctx.scheduler().schedule(() -> executor.execute(this::ringTimedOut),
                ctx.settings().ringTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    }

    /**
     * Bridges and dials once both the REST set-up is done and B has entered Stasis: create()
     * can return before B is in the application, and adding it to a bridge then fails (422).
     */
    private void bridgeAndDial() {
        if (!legsPrepared || !bInStasis || state != State.CONNECTING || bridged) return;
        bridged = true;
        ctx.ari().bridges().addChannel(bridgeId, List.of(aId, bId), true)
                .thenCompose(v -> ctx.ari().channels().dial(bId, null, (int) ctx.settings().ringTimeout().toSeconds()))
                .whenCompleteAsync((v, t) -> {
                    if (t != null) {
                        connectFailed(AriException.unwrap(t));
                    } else if (state == State.CONNECTING) {
                        state = State.RINGING;
                        CallMetrics.SETUP.observe(
                                java.time.Duration.between(startedAt, ctx.clock().instant()).toNanos() / 1e9);
                    }
                }, executor);
    }

    private static Map<String, String> identity(String number, String function, String options) {
        String opt = options == null ? "" : "," + options;
        Map<String, String> m = new LinkedHashMap<>();
        m.put(function + "(name" + opt + ")", number);
        m.put(function + "(num" + opt + ")", number);
        return m;
    }

    private void connectFailed(Throwable t) {
        if (state == State.ENDING || state == State.ENDED) return;
        log.warn("could not connect the callee: {}", t.getMessage());
        outcome = CallOutcome.FAILED;
        hangupCause = "setup_failed";
        hangupB("normal");
        // Whatever part of B exists is hung up; its late events are ignored once the call ends.
        bGone = true;
        hangupA(Causes.NO_ROUTE_AVAILABLE);
        maybeFinish();
    }

    private void ringTimedOut() {
        if (state != State.CONNECTING && state != State.RINGING) return;
        log.info("callee did not answer within the ring timeout");
        outcome = CallOutcome.NO_ANSWER;
        hangupCause = Causes.name(Causes.NO_ANSWER);
        hangupB("no_answer");
        hangupA(Causes.NO_ANSWER);
    }

    // ---- Events ------------------------------------------------------------------------------

    void onEvent(AriEvent event) {
        switch (event) {
            case AriEvent.StasisStart s when s.channel().id().equals(bId) -> {
                bInStasis = true;
                bridgeAndDial();
            }
            case AriEvent.Dial d when d.peer() != null && d.peer().id().equals(bId) -> onDial(d.dialstatus());
            case AriEvent.ChannelStateChange c when c.channel().id().equals(bId) && "Up".equals(c.channel().state()) ->
                    answered();
            // A soft hang-up request carries Asterisk's soft-hangup flags, not a Q.850 cause.
            case AriEvent.ChannelHangupRequest h -> legEnding(h.channel().id(), h.soft() ? null : h.cause());
            case AriEvent.StasisEnd e -> legEnding(e.channel().id(), null);
            case AriEvent.ChannelDestroyed d -> legGone(d.channel().id(), d.cause());
            case AriEvent.PlaybackFinished p when state == State.ANNOUNCING -> hangupA(Causes.NORMAL_CLEARING);
            case AriEvent.BridgeDestroyed b -> bridgeId = null;
            default -> { }
        }
    }

    private void onDial(String status) {
        if (status == null) return;
        switch (status) {
            case "RINGING" -> {
                if (!ringing && !aGone) {
                    ringing = true;
                    ctx.ari().channels().ring(aId).exceptionally(t -> null);
                }
            }
            case "PROGRESS" -> {
                if (!aGone) ctx.ari().channels().progress(aId).exceptionally(t -> null);
            }
            case "ANSWER" -> answered();
            default -> { } // failures arrive as B's hang-up, with the precise cause
        }
    }

    private void answered() {
        if (state != State.CONNECTING && state != State.RINGING) return;
        state = State.TALKING;
        answeredAt = ctx.clock().instant();
        cancel(ringGuard);
        log.info("callee answered");
        ctx.ari().channels().answer(aId).whenCompleteAsync((v, t) -> {
            if (t != null && !aGone) {
                log.info("could not answer the caller (they may have just hung up): {}", AriException.unwrap(t).getMessage());
                hangupB("normal");
            }
        }, executor);
        long max = ctx.settings().maxCall().toMillis();
        if (max > 0) {
            maxCallTimer = ctx.scheduler().schedule(() -> executor.execute(this::maxCallReached), max, TimeUnit.MILLISECONDS);
        }
    }

    private void maxCallReached() {
        if (state != State.TALKING) return;
        log.info("maximum call duration reached; hanging up both legs");
        outcome = CallOutcome.COMPLETED;
        hangupCause = "max_call_duration";
        hangupA(Causes.NORMAL_CLEARING);
        hangupB("normal");
    }

    /** A leg is going away (hang-up requested, or it left Stasis). React at once: the other side must not wait. */
    private void legEnding(String channelId, Integer cause) {
        if (channelId.equals(aId)) {
            if (aGone) return;
            aGone = true;
            if (state != State.TALKING && state != State.ANNOUNCING) state = State.ENDING;
            if (outcome == null) {
                outcome = state == State.TALKING ? CallOutcome.COMPLETED : CallOutcome.CANCELED;
                hangupCause = state == State.TALKING ? "caller_hangup" : "caller_canceled";
            }
            hangupB("normal");
        } else if (channelId.equals(bId)) {
            if (state == State.TALKING) {
                if (bGone) return;
                bGone = true;
                if (outcome == null) {
                    outcome = CallOutcome.COMPLETED;
                    hangupCause = "callee_hangup";
                }
                hangupA(Causes.NORMAL_CLEARING);
            } else if (cause != null && cause > 0) {
                calleeFailed(cause);
            }
            // Before answer and without a cause, wait for ChannelDestroyed: it says why.
        }
        maybeFinish();
    }

    private void legGone(String channelId, int cause) {
        if (channelId.equals(bId) && state != State.TALKING) {
            calleeFailed(cause);
        } else {
            legEnding(channelId, cause);
        }
        maybeFinish();
    }

    private void calleeFailed(int cause) {
        if (bGone) return;
        bGone = true;
        cancel(ringGuard);
        if (outcome == null) {
            outcome = Causes.unansweredOutcome(cause);
            hangupCause = Causes.name(cause);
        }
        log.info("callee leg ended before answer: {}", Causes.name(cause));
        hangupA(Causes.forCaller(cause));
    }

    // ---- Teardown ----------------------------------------------------------------------------

    private void hangupA(int cause) {
        if (aId == null || aGone) return;
        if (state != State.TALKING && state != State.ANNOUNCING) state = State.ENDING;
        ctx.ari().channels().hangupWithCause(aId, cause).exceptionally(t -> null);
    }

    private void hangupB(String reason) {
        if (bId == null || bGone) return;
        ctx.ari().channels().hangup(bId, reason).exceptionally(t -> null);
    }

    private void maybeFinish() {
        if (state == State.ENDED || !aGone || (bId != null && !bGone)) return;
        state = State.ENDED;
        cancel(ringGuard);
        cancel(maxCallTimer);
        if (bridgeId != null) {
            ctx.ari().bridges().destroy(bridgeId).exceptionally(t -> null);
        }
        if (outcome == null) {
            outcome = CallOutcome.FAILED;
            hangupCause = "unknown";
        }
        Instant ended = ctx.clock().instant();
        ctx.callLog().finish(record(ended));
        CallMetrics.CALLS.labelValues(outcome.code()).inc();
        ctx.registry().unbind(this);
        log.info("call ended: {} ({})", outcome.code(), hangupCause);
    }

    /** Ends the call's bookkeeping for legs that vanished while Maskline could not see them. */
    void reconcile(java.util.Set<String> liveChannels) {
        if (state == State.ENDED) return;
        if (aId != null && !aGone && !liveChannels.contains(aId)) legGone(aId, Causes.NORMAL_CLEARING);
        if (bId != null && !bGone && !liveChannels.contains(bId)) legGone(bId, Causes.NORMAL_CLEARING);
    }

    private void recordStarted() {
        ctx.callLog().start(record(null));
    }

    private CallRecord record(Instant endedAt) {
        return new CallRecord(id, sessionId, caller, callee, proxyNumber, startedAt, answeredAt, endedAt,
                endedAt == null ? null : outcome, endedAt == null ? null : hangupCause);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) f.cancel(false);
    }
}
