package org.maskline.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.maskline.ari.AriEvent;
import org.maskline.ari.AriException;
import org.maskline.ari.Bridge;
import org.maskline.ari.CallerId;
import org.maskline.ari.Channel;
import org.maskline.ari.ChannelCreate;
import org.maskline.ari.DialplanCEP;
import org.maskline.ari.Playback;
import org.maskline.config.Unroutable;
import org.maskline.sessions.Route;
import org.maskline.sessions.RouteLookup;
import org.maskline.sessions.StoreUnavailableException;
import org.maskline.store.CallLog;
import org.maskline.store.CallRecord;
import org.maskline.testsupport.MutableClock;

/**
 * A CallRouter on a recording fake port, an inline executor, hand-moved timers and an in-memory
 * call log: every test decides when each ARI request answers and when each event arrives.
 */
final class CallHarness {
    static final String CALLER = "+34600000001";
    static final String CALLEE = "+34600000002";
    static final String POOL_A = "+15550100";
    static final String POOL_B = "+15550101";
    static final String SUPPORT = "+15550199";
    static final String NODE = "test-node";

    final MutableClock clock = MutableClock.atNow();
    final ManualTimers timers = new ManualTimers(clock);
    final FakePort port = new FakePort();
    final FakeRoutes routes = new FakeRoutes();
    final MemoryLog log = new MemoryLog();
    final List<Runnable> heldLookups = new ArrayList<>();
    boolean holdLookups;
    final CallRouter router;

    CallHarness() {
        this(settings());
    }

    CallHarness(CallSettings settings) {
        this(settings, AfterTrip.defaults());
    }

    /** With the menu's settings and a callback sink (issue 14). */
    CallHarness(CallSettings settings, AfterTrip afterTrip) {
        Executor inline = Runnable::run;
        Executor blocking = r -> {
            if (holdLookups) heldLookups.add(r);
            else r.run();
        };
        router = new CallRouter(port, routes, log, settings, clock, inline, blocking, timers, afterTrip);
    }

    static CallSettings settings() {
        return new CallSettings("maskline", "PJSIP/{number}@trunk", Duration.ofSeconds(30), Duration.ZERO, "ES",
                new Unroutable.Reject(), "ss-noservice");
    }

    // ---- events --------------------------------------------------------------------------------

    static AriEvent.Header header(String type) {
        return new AriEvent.Header(type, "maskline", Instant.now(), "node");
    }

    static Channel channel(String id, String name, String state, String callerNumber, String exten) {
        return new Channel(id, name, state, new CallerId("", callerNumber), new CallerId("", ""), "",
                new DialplanCEP("maskline", exten, 1, "Stasis", "maskline"), Instant.parse("2030-01-01T00:00:00Z"), "en", new HashMap<>());
    }

    static Channel channel(String id, String state) {
        return channel(id, "PJSIP/trunk-0001", state, "", "");
    }

    void send(AriEvent e) {
        router.onEvent(e);
    }

    /** A caller leg enters Stasis; returns its call. */
    Call callerArrives(String aId, String from, String dialed) {
        send(new AriEvent.StasisStart(header("StasisStart"), channel(aId, "PJSIP/trunk-00000001", "Ring", from, dialed), List.of(), null));
        return router.callOf(aId);
    }

    void calleeInStasis(Call c) {
        send(new AriEvent.StasisStart(header("StasisStart"), channel(c.id + "-b", "Down"), List.of(CallRouter.LEG_B_ARG), null));
    }

    void dial(Call c, String status) {
        send(new AriEvent.Dial(header("Dial"), null, channel(c.id + "-b", "Ringing"), status, "", "", null));
    }

    void calleeUp(Call c) {
        send(new AriEvent.ChannelStateChange(header("ChannelStateChange"), channel(c.id + "-b", "Up")));
    }

    /** A phone hung up (a SIP BYE/CANCEL: a hard request with a Q.850 cause), then the leg leaves. */
    void phoneHangsUp(String channelId, int cause) {
        send(new AriEvent.ChannelHangupRequest(header("ChannelHangupRequest"), channel(channelId, "Up"), cause, false, null));
        legLeaves(channelId, cause);
    }

    /** Asterisk asked the leg to hang up itself (soft, with its flags), then the leg leaves. */
    void asteriskHangsUp(String channelId, int softFlags, int destroyCause) {
        send(new AriEvent.ChannelHangupRequest(header("ChannelHangupRequest"), channel(channelId, "Up"), softFlags, true, null));
        legLeaves(channelId, destroyCause);
    }

    void legLeaves(String channelId, int cause) {
        send(new AriEvent.StasisEnd(header("StasisEnd"), channel(channelId, "Up")));
        destroyed(channelId, cause);
    }

    void destroyed(String channelId, int cause) {
        send(new AriEvent.ChannelDestroyed(header("ChannelDestroyed"), channel(channelId, "Down"), cause, "", null));
    }

    /** Asterisk hangs up each leg Maskline asked it to hang up (as the real one does), in request order. */
    void asteriskCompletesHangups() {
        for (String ch : port.hungUp()) {
            if (!port.destroyed.contains(ch)) {
                port.destroyed.add(ch);
                send(new AriEvent.ChannelHangupRequest(header("ChannelHangupRequest"), channel(ch, "Up"), Causes.SOFT_EXPLICIT, true, null));
                legLeaves(ch, 16);
            }
        }
    }

    void playbackFinished(Call c) {
        send(new AriEvent.PlaybackFinished(header("PlaybackFinished"),
                new Playback(c.id + "-p", "sound:x", null, "channel:" + "A1", "en", "done")));
    }

    /** Routes CALLER on POOL_A to CALLEE, shown POOL_B to the callee. */
    void openSession() {
        routes.routes.put(CALLER + "|" + POOL_A, new Route("s1", CALLER, POOL_A, CALLEE, POOL_B));
    }

    /** A routed call up to the callee's phone ringing. */
    Call ringingCall(String aId) {
        openSession();
        Call c = callerArrives(aId, CALLER, POOL_A);
        calleeInStasis(c);
        dial(c, "RINGING");
        return c;
    }

    CallRecord row(Call c) {
        router.callLog().flush(Duration.ofSeconds(1));
        return log.rows.get(c.id);
    }

    // ---- fakes -----------------------------------------------------------------------------------

    /** Records every request; answers at once unless its operation is held, then by hand. */
    static final class FakePort implements CallPort {
        record Request(String op, String target, Object arg, CompletableFuture<?> result) {}

        final List<Request> requests = new ArrayList<>();
        final Set<String> held = new HashSet<>();
        final Set<String> gone = new HashSet<>();
        final Set<String> destroyed = new HashSet<>();
        List<Channel> channels = new ArrayList<>();
        List<Bridge> bridges = new ArrayList<>();
        List<String> inApp = new ArrayList<>();

        @SuppressWarnings("unchecked")
        private <T> CompletableFuture<T> record(String op, String target, Object arg, T value) {
            CompletableFuture<T> f = new CompletableFuture<>();
            requests.add(new Request(op, target, arg, f));
            if (held.contains(op)) return f;
            if (gone.contains(target) && (op.startsWith("hangup") || op.equals("continue"))) {
                f.completeExceptionally(new AriException.NotFound(op, 404, "Channel not found"));
            } else {
                f.complete(value);
            }
            return f;
        }

        List<Request> ops(String op) {
            return requests.stream().filter(r -> r.op().equals(op)).toList();
        }

        List<String> hungUp() {
            return requests.stream().filter(r -> r.op().startsWith("hangup")).map(Request::target).distinct().toList();
        }

        Optional<Request> last(String op) {
            var l = ops(op);
            return l.isEmpty() ? Optional.empty() : Optional.of(l.getLast());
        }

        @SuppressWarnings("unchecked")
        void complete(String op) {
            for (Request r : ops(op)) if (!r.result().isDone()) ((CompletableFuture<Object>) r.result()).complete(null);
        }

        /** Answers the held requests of {@code op} with {@code value} (a snapshot read earlier, say). */
        @SuppressWarnings("unchecked")
        void complete(String op, Object value) {
            for (Request r : ops(op)) if (!r.result().isDone()) ((CompletableFuture<Object>) r.result()).complete(value);
        }

        void fail(String op, RuntimeException e) {
            for (Request r : ops(op)) if (!r.result().isDone()) r.result().completeExceptionally(e);
        }

        @Override
        public CompletableFuture<Void> setVariables(String ch, Map<String, String> v) {
            return record("setVariables", ch, new LinkedHashMap<>(v), null);
        }

        @Override
        public CompletableFuture<Void> createChannel(ChannelCreate r) {
            return record("createChannel", r.channelId(), r, null);
        }

        @Override
        public CompletableFuture<Void> createBridge(String id, String name) {
            return record("createBridge", id, name, null);
        }

        @Override
        public CompletableFuture<Void> addToBridge(String id, List<String> chs) {
            return record("addToBridge", id, chs, null);
        }

        @Override
        public CompletableFuture<Void> dial(String ch, int t) {
            return record("dial", ch, t, null);
        }

        @Override
        public CompletableFuture<Void> answer(String ch) {
            return record("answer", ch, null, null);
        }

        @Override
        public CompletableFuture<Void> ring(String ch) {
            return record("ring", ch, null, null);
        }

        @Override
        public CompletableFuture<Void> progress(String ch) {
            return record("progress", ch, null, null);
        }

        @Override
        public CompletableFuture<Void> hangup(String ch, String reason) {
            return record("hangup", ch, reason, null);
        }

        @Override
        public CompletableFuture<Void> hangupWithCause(String ch, int cause) {
            return record("hangupWithCause", ch, cause, null);
        }

        @Override
        public CompletableFuture<Void> play(String ch, String playbackId, String media) {
            return record("play", ch, media, null);
        }

        @Override
        public CompletableFuture<Void> stopPlayback(String playbackId) {
            return record("stopPlayback", playbackId, null, null);
        }

        @Override
        public CompletableFuture<Void> destroyBridge(String id) {
            return record("destroyBridge", id, null, null);
        }

        @Override
        public CompletableFuture<Void> continueInDialplan(String ch) {
            return record("continue", ch, null, null);
        }

        @Override
        public CompletableFuture<List<Channel>> channels() {
            return record("channels", "", null, List.copyOf(channels));
        }

        @Override
        public CompletableFuture<List<Bridge>> bridges() {
            return record("bridges", "", null, List.copyOf(bridges));
        }

        @Override
        public CompletableFuture<List<String>> channelsInApp(String app) {
            return record("channelsInApp", app, null, List.copyOf(inApp));
        }

        @Override
        public CompletableFuture<Void> allowOnly(String app, List<String> types) {
            return record("allowOnly", app, types, null);
        }

        @Override
        public String nodeName() {
            return NODE;
        }
    }

    static final class FakeRoutes implements RouteLookup {
        final Map<String, Route> routes = new HashMap<>();
        final Set<String> pool = new HashSet<>(Set.of(POOL_A, POOL_B));
        /** Participants marked unavailable (issue 14). */
        final Set<String> unavailable = new HashSet<>();
        boolean down;

        @Override
        public boolean isAvailable(String e164) {
            if (down) throw new StoreUnavailableException("injected outage", null);
            return !unavailable.contains(e164);
        }

        @Override
        public Optional<Route> findRoute(String caller, String dialed) {
            if (down) throw new StoreUnavailableException("injected outage", null);
            return Optional.ofNullable(routes.get(caller + "|" + dialed));
        }

        @Override
        public boolean isServiceNumber(String e164) {
            if (down) throw new StoreUnavailableException("injected outage", null);
            return pool.contains(e164);
        }
    }

    /** The call log in memory, with an outage switch and a column-length check like the real table's. */
    static final class MemoryLog implements CallLog {
        final Map<String, CallRecord> rows = new LinkedHashMap<>();
        final Map<String, String> nodes = new HashMap<>();
        boolean down;
        int writes;

        private void check(CallRecord r) {
            if (down) throw new StoreUnavailableException("injected outage", null);
            writes++;
            if (r.caller().length() > 64 || r.proxyNumber().length() > 64 || (r.callee() != null && r.callee().length() > 16)) {
                throw new RowRejected("22001: value too long", null);
            }
        }

        @Override
        public void started(CallRecord r, String node) {
            check(r);
            rows.putIfAbsent(r.id(), r);
            nodes.put(r.id(), node);
        }

        @Override
        public void started(CallRecord r) {
            started(r, null);
        }

        @Override
        public void answered(String id, Instant at) {
            if (down) throw new StoreUnavailableException("injected outage", null);
            CallRecord r = rows.get(id);
            if (r != null && r.endedAt() == null) rows.put(id, with(r, at, null, null, null));
        }

        @Override
        public void finished(CallRecord r) {
            check(r);
            CallRecord old = rows.get(r.id());
            rows.put(r.id(), old == null ? r : new CallRecord(r.id(), old.sessionId() != null ? old.sessionId() : r.sessionId(),
                    old.caller(), old.callee() != null ? old.callee() : r.callee(), old.proxyNumber(), old.startedAt(),
                    r.answeredAt(), r.endedAt(), r.outcome(), r.hangupCause(),
                    r.menuChoice() != null ? r.menuChoice() : old.menuChoice(), old.callbackId() != null ? old.callbackId() : r.callbackId()));
        }

        @Override
        public void finished(CallRecord r, String node) {
            finished(r);
            nodes.putIfAbsent(r.id(), node);
        }

        @Override
        public void finishedIfOpen(CallRecord r) {
            check(r);
            CallRecord old = rows.get(r.id());
            if (old != null && old.endedAt() == null) finished(r);
        }

        @Override
        public Optional<CallRecord> find(String id) {
            if (down) throw new StoreUnavailableException("injected outage", null);
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public List<CallRecord> openCalls(String node, int limit) {
            if (down) throw new StoreUnavailableException("injected outage", null);
            return rows.values().stream().filter(r -> r.endedAt() == null && node.equals(nodes.get(r.id()))).limit(limit).toList();
        }

        static CallRecord with(CallRecord r, Instant answered, Instant ended, org.maskline.store.CallOutcome o, String cause) {
            return new CallRecord(r.id(), r.sessionId(), r.caller(), r.callee(), r.proxyNumber(), r.startedAt(), answered,
                    ended, o, cause);
        }
    }

    /** Timers on the hand-moved clock: {@link #advance} runs what falls due, in time order. */
    static final class ManualTimers implements Timers {
        private final MutableClock clock;
        private final List<Object[]> pending = new ArrayList<>();

        ManualTimers(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public Timer schedule(Duration delay, Runnable task) {
            Object[] t = {clock.instant().plus(delay), task, false};
            pending.add(t);
            return () -> t[2] = true;
        }

        void advance(Duration d) {
            Instant end = clock.instant().plus(d);
            while (true) {
                Object[] next = pending.stream().filter(t -> !(Boolean) t[2] && !((Instant) t[0]).isAfter(end))
                        .min((x, y) -> ((Instant) x[0]).compareTo((Instant) y[0])).orElse(null);
                if (next == null) break;
                pending.remove(next);
                Instant at = (Instant) next[0];
                if (at.isAfter(clock.instant())) clock.advance(Duration.between(clock.instant(), at));
                ((Runnable) next[1]).run();
            }
            if (end.isAfter(clock.instant())) clock.advance(Duration.between(clock.instant(), end));
        }

        long armed() {
            return pending.stream().filter(t -> !(Boolean) t[2]).count();
        }
    }
}
