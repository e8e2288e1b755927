package org.maskline.calls;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.maskline.ari.AriClient;
import org.maskline.ari.AriEvent;
import org.maskline.ari.AriListener;
import org.maskline.ari.Channel;
import org.maskline.sessions.RouteLookup;
import org.maskline.store.CallLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ARI application of one Asterisk node: turns each inbound StasisStart into a {@link Call}
 * and hands every later event to the call that owns its channel, bridge or playback.
 *
 * <p>Keys are bound before the resource they name is created (ids are ours), so no event can
 * arrive for a resource nobody listens to.
 */
public final class CallRouter implements AriListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallRouter.class);
    /** appArgs of the legs Maskline creates; their StasisStart belongs to an existing call. */
    static final String LEG_B_ARG = "maskline-leg-b";

    private final Map<String, Call> byKey = new ConcurrentHashMap<>();
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maskline-call-timers");
        t.setDaemon(true);
        return t;
    });
    private final CallContext ctx;

    public CallRouter(AriClient ari, RouteLookup routes, CallLog callLog, CallSettings settings, Clock clock) {
        this.ctx = new CallContext(ari, routes, new CallLogWriter(callLog, scheduler, pool), settings, this,
                pool, scheduler, clock);
    }

    @Override
    public void onEvent(AriEvent event) {
        if (event instanceof AriEvent.StasisStart s && !isOurLeg(s)) {
            Channel a = s.channel();
            Call call = new Call(UUID.randomUUID().toString(), ctx);
            bind(a.id(), call);
            calls.put(call.id, call);
            CallMetrics.ACTIVE.inc();
            call.executor.execute(() -> call.start(a));
            return;
        }
        Call call = byKey.get(event.orderingKey());
        if (call != null) {
            call.executor.execute(() -> call.onEvent(event));
        }
    }

    private static boolean isOurLeg(AriEvent.StasisStart s) {
        return s.args() != null && s.args().contains(LEG_B_ARG);
    }

    /** The only event types the call flow reads; Asterisk is asked to send no others. */
    static final List<String> EVENTS = List.of("StasisStart", "StasisEnd", "ChannelStateChange",
            "ChannelHangupRequest", "ChannelDestroyed", "Dial", "PlaybackFinished", "ApplicationReplaced");

    @Override
    public void onConnected(boolean reconnected) {
        ctx.ari().applications().allowOnly(ctx.settings().app(), EVENTS).exceptionally(t -> {
            log.warn("could not set the event filter (every event will be sent): {}", t.getMessage());
            return null;
        });
        if (!reconnected) {
            adoptSurvivors();
            return;
        }
        // Asterisk does not queue events while the socket is down: legs that ended meanwhile are
        // found by asking which channels still exist.
        ctx.ari().channels().list().thenAccept(list -> {
            Set<String> live = new HashSet<>();
            list.forEach(c -> live.add(c.id()));
            for (Call c : calls.values()) c.executor.execute(() -> c.reconcile(live));
            log.info("reconnected to {}: {} live channels, {} calls in progress", ctx.ari().nodeName(), live.size(), calls.size());
        }).exceptionally(t -> {
            log.warn("reconciliation after reconnect failed: {}", t.getMessage());
            return null;
        });
    }

    /**
     * After a restart, Asterisk still holds the calls an earlier Maskline bridged: their media
     * flows without us, but nobody would hang up one leg when the other ends, nor complete their
     * rows. Each of our bridges (id = call id, callee leg = id + "-b") is taken over.
     */
    private void adoptSurvivors() {
        var bridges = ctx.ari().bridges().list();
        var channels = ctx.ari().channels().list();
        bridges.thenCombine(channels, (bs, cs) -> {
            Map<String, Channel> byId = new java.util.HashMap<>();
            cs.forEach(c -> byId.put(c.id(), c));
            int adopted = 0;
            for (var b : bs) {
                String calleeLeg = b.id() + "-b";
                if (calls.containsKey(b.id()) || b.channels() == null || !b.channels().contains(calleeLeg)) continue;
                String callerLeg = b.channels().stream().filter(id -> !id.equals(calleeLeg)).findFirst().orElse(null);
                Channel callee = byId.get(calleeLeg);
                if (callerLeg == null || callee == null) continue;
                Call call = new Call(b.id(), ctx);
                bind(callerLeg, call);
                bind(calleeLeg, call);
                bind(b.id(), call);
                calls.put(call.id, call);
                CallMetrics.ACTIVE.inc();
                boolean up = "Up".equals(callee.state());
                call.executor.execute(() -> call.adopt(callerLeg, calleeLeg, b.id(), up, ctx.callLog().find(call.id)));
                adopted++;
            }
            if (adopted > 0) log.info("took over {} calls still up in Asterisk", adopted);
            return adopted;
        }).exceptionally(t -> {
            log.warn("could not look for calls left by a previous Maskline: {}", t.getMessage());
            return 0;
        });
    }

    void bind(String key, Call call) {
        call.keys.add(key);
        byKey.put(key, call);
    }

    void unbind(Call call) {
        call.keys.forEach(k -> byKey.remove(k, call));
        if (calls.remove(call.id) != null) CallMetrics.ACTIVE.dec();
    }

    /** Calls in progress on this node. */
    public int activeCalls() {
        return calls.size();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        pool.shutdown();
    }
}
