package org.maskline.calls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.maskline.ari.AriClient;
import org.maskline.ari.AriEvent;
import org.maskline.ari.AriException;
import org.maskline.ari.AriListener;
import org.maskline.ari.Bridge;
import org.maskline.ari.Channel;
import org.maskline.sessions.RouteLookup;
import org.maskline.store.CallLog;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ARI application of one Asterisk node: turns each inbound StasisStart into a {@link Call}
 * and hands every later event to the call that owns its channel, bridge or playback.
 *
 * <p>Keys are bound before the resource they name is created (ids are ours), so no event can
 * arrive for a resource nobody listens to.
 *
 * <p>On every connect, first or after a gap, it reconciles with what Asterisk holds: calls it
 * knows move forward, calls a previous Maskline left are taken over or cleaned up, and rows of
 * calls nobody saw end are completed (see {@link #onConnected}).
 */
public final class CallRouter implements AriListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallRouter.class);
    /** appArgs of the legs Maskline creates; their StasisStart belongs to an existing call. */
    static final String LEG_B_ARG = "maskline-leg-b";
    /** Our bridges are named this plus the call id. */
    static final String BRIDGE_PREFIX = "maskline-";
    /**
     * How long a channel found in the application without a call must stay so before it is
     * treated as left over: one that entered Stasis just now has its StasisStart on the way.
     */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(1);

    private final Map<String, Call> byKey = new ConcurrentHashMap<>();
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final ExecutorService ownedPool;
    private final ScheduledExecutorService scheduler;
    private final CallContext ctx;
    private final CallLogWriter writer;
    /** Callers the forward limit remembers at once (see {@link SlidingMinuteLimiter}). */
    static final int FORWARD_LIMIT_CALLERS = 10_000;
    private final SlidingMinuteLimiter forwardLimiter;
    private volatile boolean refusing;
    private volatile Instant disconnectedAt;
    private final ReentrantLock setupLock = new ReentrantLock();
    private final Condition setupsChanged = setupLock.newCondition();
    private final Set<Call> settingUp = new HashSet<>();
    private final AtomicInteger illegalMoves = new AtomicInteger();

    public CallRouter(AriClient ari, RouteLookup routes, CallLog callLog, CallSettings settings, Clock clock) {
        this(ari, routes, callLog, settings, clock, AfterTrip.defaults(), RouteHooks.NONE);
    }

    /** @param hooks the backend's say in each route decision (issue 16: intercept, routing webhook) */
    public CallRouter(AriClient ari, RouteLookup routes, CallLog callLog, CallSettings settings, Clock clock, RouteHooks hooks) {
        this(ari, routes, callLog, settings, clock, AfterTrip.defaults(), hooks);
    }

    /** With the menu's settings and the callback store (issue 14). */
    public CallRouter(AriClient ari, RouteLookup routes, CallLog callLog, CallSettings settings, Clock clock,
                      AfterTrip afterTrip) {
        this(ari, routes, callLog, settings, clock, afterTrip, RouteHooks.NONE);
    }

    /** With the menu (issue 14) and the backend's hooks (issue 16). */
    public CallRouter(AriClient ari, RouteLookup routes, CallLog callLog, CallSettings settings, Clock clock,
                      AfterTrip afterTrip, RouteHooks hooks) {
        this(new AriCallPort(ari), routes, callLog, settings, clock, Executors.newVirtualThreadPerTaskExecutor(), afterTrip, hooks);
    }

    private CallRouter(CallPort port, RouteLookup routes, CallLog callLog, CallSettings settings, Clock clock,
                       ExecutorService pool, AfterTrip afterTrip, RouteHooks hooks) {
        this(port, routes, callLog, settings, clock, pool, pool, null, true, pool, afterTrip, hooks);
    }

    /** For unit tests: every executor and the timers are the test's. */
    CallRouter(CallPort port, RouteLookup routes, CallLog callLog, CallSettings settings, Clock clock,
               Executor pool, Executor blocking, Timers timers) {
        this(port, routes, callLog, settings, clock, pool, blocking, timers, AfterTrip.defaults());
    }

    /** For unit tests of the menu and callbacks (issue 14). */
    CallRouter(CallPort port, RouteLookup routes, CallLog callLog, CallSettings settings, Clock clock,
               Executor pool, Executor blocking, Timers timers, AfterTrip afterTrip) {
        this(port, routes, callLog, settings, clock, pool, blocking, timers, false, null, afterTrip, RouteHooks.NONE);
    }

    private CallRouter(CallPort port, RouteLookup routes, CallLog callLog, CallSettings settings, Clock clock,
                       Executor pool, Executor blocking, Timers timers, boolean threaded, ExecutorService owned,
                       AfterTrip afterTrip, RouteHooks hooks) {
        this.ownedPool = owned;
        if (timers == null) {
            this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "maskline-call-timers");
                t.setDaemon(true);
                return t;
            });
            timers = Timers.of(scheduler);
        } else {
            this.scheduler = null;
        }
        this.writer = new CallLogWriter(callLog, settings.callLogQueue(), threaded);
        this.forwardLimiter = new SlidingMinuteLimiter(settings.forwardLimitPerMinute(), FORWARD_LIMIT_CALLERS, clock);
        this.ctx = new CallContext(port, new RouteDecision(routes, settings.defaultCountry(), afterTrip.menus(), hooks), writer,
                settings, this, pool, blocking, timers, clock, afterTrip);
    }

    // ---- issue 15: recording ------------------------------------------------------------------
    private volatile CallRecorder recorder = CallRecorder.NONE;

    /** Who records the calls that talk (none by default). */
    public void recorder(CallRecorder r) {
        this.recorder = r == null ? CallRecorder.NONE : r;
    }

    CallRecorder recorder() {
        return recorder;
    }

    private static boolean isSnoop(AriEvent.StasisStart s) {
        return s.args() != null && s.args().contains(CallRecorder.SNOOP_ARG);
    }
    // ---- end issue 15 -------------------------------------------------------------------------

    @Override
    public void onEvent(AriEvent event) {
        if (event instanceof AriEvent.StasisStart s && isSnoop(s)) {
            // A recorder's snoop channel: no call; it hangs itself up when the leg it follows goes.
            recorder.snoopReady(s.channel().id());
            return;
        }
        if (event instanceof AriEvent.StasisStart s && !isOurLeg(s)) {
            Channel a = s.channel();
            if (!isCall(a)) {
                letGo(a);
                return;
            }
            Call call = new Call(UUID.randomUUID().toString(), ctx);
            call.aSeen = tick(); // before the call's executor runs: it reads the field there
            bind(a.id(), call);
            calls.put(call.id, call);
            setupStarted(call);
            CallMetrics.ACTIVE.inc();
            if (refusing) {
                call.executor.execute(() -> call.refuse(a));
            } else {
                call.executor.execute(() -> call.start(a));
            }
            return;
        }
        Call call = byKey.get(event.orderingKey());
        if (call != null) {
            call.executor.execute(() -> call.onEvent(event));
        } else if (event instanceof AriEvent.StasisStart s) {
            // A callee leg whose call is gone (created by a Maskline that stopped): never let it ring on.
            log.info("hanging up callee leg {} that belongs to no call", Sanitizer.text(s.channel().id(), 80));
            hangupQuietly(s.channel().id());
        }
    }

    private static boolean isOurLeg(AriEvent.StasisStart s) {
        return s.args() != null && (s.args().contains(LEG_B_ARG) || s.args().contains(LEG_CALLBACK_ARG));
    }

    /** appArgs of a callback's first leg (the requester), which Maskline creates. */
    static final String LEG_CALLBACK_ARG = "maskline-leg-callback";

    /**
     * Places a callback (issue 14): a call Maskline starts itself, requester first. Returns at once;
     * {@code job.onEnd()} is told when the call has ended, whatever happened.
     *
     * @param callId the new call's id (its call-log row), chosen by the caller so it can be stored first
     */
    public void placeCallback(String callId, CallbackCall job) {
        Call call = new Call(callId, ctx);
        calls.put(call.id, call);
        CallMetrics.ACTIVE.inc();
        call.executor.execute(() -> call.startCallback(job));
    }

    /**
     * Only a SIP channel from the carrier is a call. Anything else in the application (a SIP
     * MESSAGE's {@code Message/ast_msg_queue}, a Local channel, an originate) is let go at once.
     */
    static boolean isCall(Channel c) {
        String name = c.name() == null ? "" : c.name();
        return name.startsWith("PJSIP/") || name.startsWith("SIP/");
    }

    /** Returns a channel that is no call to the dialplan (or hangs it up); it is never routed. */
    private void letGo(Channel c) {
        CallMetrics.NOT_CALLS.inc();
        log.info("channel {} in Stasis is no call; letting it go", Sanitizer.text(c.name(), 80));
        ctx.port().continueInDialplan(c.id()).exceptionallyCompose(t -> ctx.port().hangup(c.id(), "normal"))
                .exceptionally(t -> {
                    // 404: the channel is gone already, which is all we wanted.
                    if (!(AriException.unwrap(t) instanceof AriException.NotFound)) {
                        log.warn("could not let channel {} go: {}", Sanitizer.text(c.name(), 80), AriException.unwrap(t).getMessage());
                    }
                    return null;
                });
    }

    private void hangupQuietly(String channelId) {
        ctx.port().hangup(channelId, "normal").exceptionally(t -> null);
    }

    /** The only event types the call flow reads; Asterisk is asked to send no others. */
    static final List<String> EVENTS = List.of("StasisStart", "StasisEnd", "ChannelStateChange",
            "ChannelHangupRequest", "ChannelDestroyed", "Dial", "PlaybackFinished", "ApplicationReplaced",
            "BridgeDestroyed", "ChannelDtmfReceived",
            // The carrier's text messages (issue 13), read by the message relay, not by calls.
            "TextMessageReceived");

    /**
     * Every connect, first or after a gap: Asterisk does not queue events while no socket is up, so
     * state is read back from it and every call moved forward (see {@link #reconcile}).
     */
    @Override
    public void onConnected(boolean reconnected) {
        ctx.port().allowOnly(ctx.settings().app(), EVENTS).exceptionally(t -> {
            log.warn("could not set the event filter (every event will be sent): {}", t.getMessage());
            return null;
        });
        reconcile();
    }

    @Override
    public void onDisconnected(Throwable cause) {
        if (disconnectedAt == null) disconnectedAt = ctx.clock().instant();
    }

    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicLong ticks = new AtomicLong();

    /**
     * A logical clock that orders "this leg became known" against "this snapshot was requested"
     * (wall time could not: two reads within one millisecond). See {@link Call#reconcile}.
     */
    long tick() {
        return ticks.incrementAndGet();
    }
    static final int RECONCILE_TRIES = 5;
    static final Duration RECONCILE_RETRY = Duration.ofMillis(500);

    /** Reads every channel and bridge and puts each in order; a failed reading is tried again (a few times). */
    CompletableFuture<Void> reconcile() {
        return reconcile(connects.incrementAndGet(), RECONCILE_TRIES);
    }

    private CompletableFuture<Void> reconcile(int connect, int triesLeft) {
        Instant gapStart = disconnectedAt != null ? disconnectedAt : ctx.clock().instant();
        long mark = tick(); // taken before the requests go out: every leg seen earlier is in the answers
        var channels = ctx.port().channels();
        var bridges = ctx.port().bridges();
        var inApp = ctx.port().channelsInApp(ctx.settings().app());
        return CompletableFuture.allOf(channels, bridges, inApp).thenRunAsync(() -> {
            disconnectedAt = null;
            reconcile(channels.join(), bridges.join(), inApp.join(), gapStart, mark);
        }, ctx.blocking()).exceptionally(t -> {
            boolean again = triesLeft > 1 && connects.get() == connect; // a newer connect reconciles by itself
            log.warn("could not reconcile with {}: {}{}", ctx.port().nodeName(), AriException.unwrap(t).getMessage(),
                    again ? "; trying again" : "");
            if (again) ctx.timers().schedule(RECONCILE_RETRY, () -> reconcile(connect, triesLeft - 1));
            return null;
        });
    }

    private void reconcile(List<Channel> channelList, List<Bridge> bridgeList, List<String> inApp, Instant gapStart,
                           long mark) {
        Map<String, Channel> live = new HashMap<>();
        channelList.forEach(c -> live.put(c.id(), c));
        // 1. Calls this process knows: move each forward from what Asterisk holds now.
        for (Call c : calls.values()) c.executor.execute(() -> c.reconcile(live, gapStart, mark));

        // 2. Our bridges nobody here owns: a previous Maskline's calls.
        int adopted = 0;
        int cleaned = 0;
        List<Call> adoptedCalls = new ArrayList<>();
        Set<String> handled = new HashSet<>();
        for (Bridge b : bridgeList) {
            String id = b.id();
            String calleeLeg = id + "-b";
            boolean ours = (b.name() != null && b.name().startsWith(BRIDGE_PREFIX)) || b.channels().contains(calleeLeg);
            if (!ours || byKey.containsKey(id)) continue;
            handled.addAll(b.channels());
            String callerLeg = b.channels().stream().filter(ch -> !ch.equals(calleeLeg)).findFirst().orElse(null);
            Channel callee = live.get(calleeLeg);
            if (callerLeg != null && live.containsKey(callerLeg) && callee != null) {
                adoptedCalls.add(adopt(id, callerLeg, callee));
                adopted++;
            } else {
                // One leg (or none) left: the other party hung up while nobody watched.
                for (String ch : b.channels()) {
                    if (ch.equals(calleeLeg)) hangupQuietly(ch);
                    else ctx.port().hangupWithCause(ch, Causes.NORMAL_CLEARING).exceptionally(t -> null);
                }
                ctx.port().destroyBridge(id).exceptionally(t -> null);
                // A callee leg that is Up was answered, even when no Maskline saw it: Asterisk answers
                // the caller itself when the callee answers in their bridge, so the answer can come
                // before this process (or its predecessor) read the event. When is not known.
                boolean answered = callee != null && "Up".equals(callee.state());
                writer.find(id).ifPresent(r -> completeUnmonitored(r, gapStart, answered));
                cleaned++;
            }
        }
        if (!adoptedCalls.isEmpty()) verifyAdopted(adoptedCalls, gapStart);
        if (adopted + cleaned > 0) {
            log.info("on {}: took over {} calls a previous Maskline left, cleaned up {} half-ended ones",
                    ctx.port().nodeName(), adopted, cleaned);
        }

        // 3. Channels in the application that belong to no call: after a grace (a StasisStart may be on its way).
        Set<String> orphans = new HashSet<>();
        for (String ch : inApp) {
            if (!byKey.containsKey(ch) && !handled.contains(ch)) orphans.add(ch);
        }
        if (!orphans.isEmpty()) {
            ctx.timers().schedule(ORPHAN_GRACE, () -> ctx.blocking().execute(() -> releaseOrphans(orphans, live)));
        }

        // 4. Rows still open on this node whose calls are nowhere: a crashed instance's calls.
        for (CallRecord r : writer.openCalls(ctx.port().nodeName(), 1000)) {
            if (!calls.containsKey(r.id()) && !byKey.containsKey(r.id())) completeUnmonitored(r, gapStart, false);
        }
    }

    private Call adopt(String bridgeId, String callerLeg, Channel callee) {
        Call call = new Call(bridgeId, ctx);
        bind(callerLeg, call);
        bind(callee.id(), call);
        bind(bridgeId, call);
        call.aSeen = call.bSeen = tick(); // after the binds: see verifyAdopted
        calls.put(call.id, call);
        setupStarted(call);
        CallMetrics.ACTIVE.inc();
        Optional<CallRecord> row = writer.find(call.id);
        call.executor.execute(() -> call.adopt(callerLeg, callee, bridgeId, row));
        return call;
    }

    /**
     * A leg of an adopted call may have left between the snapshot and the binds above: its events
     * then reached nobody, and the call would wait for a hang-up that already happened (its other
     * party left talking into an empty bridge). Channels are read once more, after the binds: from
     * then on every event is caught, and whatever went before shows in this second reading.
     */
    private void verifyAdopted(List<Call> adoptedCalls, Instant gapStart) {
        long mark = tick();
        ctx.port().channels().thenAccept(list -> {
            Map<String, Channel> live = new HashMap<>();
            list.forEach(c -> live.put(c.id(), c));
            for (Call c : adoptedCalls) c.executor.execute(() -> c.reconcile(live, gapStart, mark));
        }).exceptionally(t -> {
            // The next connect reconciles again; until then the adopted calls' own events still end them.
            log.warn("could not check the adopted calls again: {}", AriException.unwrap(t).getMessage());
            return null;
        });
    }

    /**
     * A caller leg still being set up when its Maskline went away is failed cleanly (SIP 503: the
     * caller may call again at once); a lone callee leg is hung up; anything else is let go.
     */
    private void releaseOrphans(Set<String> orphans, Map<String, Channel> live) {
        for (String ch : orphans) {
            if (byKey.containsKey(ch)) continue;
            Channel c = live.get(ch);
            String recorded = CallRecorder.callOfSnoop(ch);
            if (recorded != null) {
                // A recording of a call taken over goes on; one whose call is gone is ended (it would end by itself).
                if (!byKey.containsKey(recorded)) hangupQuietly(ch);
            } else if (ch.endsWith("-b")) {
                log.info("hanging up callee leg {} left by a previous Maskline", Sanitizer.text(ch, 80));
                hangupQuietly(ch);
            } else if (c != null && !isCall(c)) {
                letGo(c);
            } else {
                log.info("failing caller leg {} whose set-up a previous Maskline left unfinished", Sanitizer.text(ch, 80));
                ctx.port().hangupWithCause(ch, Causes.NO_ROUTE_AVAILABLE).exceptionally(t -> null);
            }
        }
    }

    /**
     * Completes a row nobody saw end, with the best times known, unless it was completed meanwhile.
     * {@code answeredSeen}: Asterisk shows the call was answered, though the row has no answer time
     * (it stays null: completed, time unknown).
     */
    private void completeUnmonitored(CallRecord r, Instant bestEnd, boolean answeredSeen) {
        if (r.endedAt() != null) return;
        Instant end = bestEnd.isBefore(r.startedAt()) ? r.startedAt() : bestEnd;
        if (r.answeredAt() != null && end.isBefore(r.answeredAt())) end = r.answeredAt();
        CallOutcome o = r.answeredAt() != null || answeredSeen ? CallOutcome.COMPLETED : CallOutcome.FAILED;
        writer.finishIfOpen(new CallRecord(r.id(), r.sessionId(), r.caller(), r.callee(), r.proxyNumber(), r.startedAt(),
                r.answeredAt(), end, o, Call.UNMONITORED));
        log.info("completed call {} that ended while no Maskline watched it: {}", r.id(), o.code());
    }

    void bind(String key, Call call) {
        call.keys.add(key);
        byKey.put(key, call);
    }

    void unbind(Call call) {
        call.keys.forEach(k -> byKey.remove(k, call));
        if (calls.remove(call.id) != null) CallMetrics.ACTIVE.dec();
        setupOver(call);
    }

    boolean mayForward(String caller) {
        return forwardLimiter.tryAcquire(caller);
    }

    private void setupStarted(Call call) {
        setupLock.lock();
        try {
            settingUp.add(call);
        } finally {
            setupLock.unlock();
        }
    }

    void setupOver(Call call) {
        setupLock.lock();
        try {
            if (settingUp.remove(call)) setupsChanged.signalAll();
        } finally {
            setupLock.unlock();
        }
    }

    void illegalMove(Call call, CallState from, CallState to) {
        illegalMoves.incrementAndGet();
    }

    /** Refused state changes so far (a bug if ever above zero; tests assert it). */
    int illegalMoves() {
        return illegalMoves.get();
    }

    /** The call that owns a channel, bridge or playback id (for tests). */
    Call callOf(String key) {
        return byKey.get(key);
    }

    /** The writer, for tests that land queued rows by hand. */
    CallLogWriter callLog() {
        return writer;
    }

    // ---- graceful stop (used by the server on SIGTERM) -------------------------------------------

    /** From now on each new inbound call is hung up at once with cause 34 (the caller gets 503), never dialed. */
    public void refuseNewCalls() {
        refusing = true;
        log.info("refusing new calls");
    }

    /**
     * Waits until no call is between its StasisStart and bridged-and-ringing, answered or ended.
     *
     * @return true when that was reached within {@code deadline}
     */
    public boolean awaitSetupsDone(Duration deadline) {
        long left = deadline.toNanos();
        setupLock.lock();
        try {
            while (!settingUp.isEmpty()) {
                if (left <= 0) {
                    log.warn("{} call set-ups still in flight after {}", settingUp.size(), deadline);
                    return false;
                }
                left = setupsChanged.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            setupLock.unlock();
        }
    }

    /** Writes every queued call-log row it can within {@code deadline}. */
    public void flushCallLog(Duration deadline) {
        writer.flush(deadline);
    }

    /** Call-log rows waiting for the database. */
    public int pendingCallLogRows() {
        return writer.pending();
    }

    /** Calls in progress on this node. */
    public int activeCalls() {
        return calls.size();
    }

    /** Stops timers and the call-log writer (after landing what it can); calls stay up in Asterisk. */
    @Override
    public void close() {
        writer.flush(Duration.ofSeconds(2));
        writer.close();
        if (scheduler != null) scheduler.shutdownNow();
        if (ownedPool != null) ownedPool.shutdown();
        try {
            if (ownedPool != null) ownedPool.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
