package org.maskline.calls;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.maskline.ari.AriEvent;
import org.maskline.ari.AriException;
import org.maskline.ari.Channel;
import org.maskline.ari.ChannelCreate;
import org.maskline.config.Unroutable;
import org.maskline.menu.Menu;
import org.maskline.menu.MenuChoice;
import org.maskline.menu.Operator;
import org.maskline.menu.Prompt;
import org.maskline.sessions.PhoneNumbers;
import org.maskline.sessions.Route;
import org.maskline.store.CallOutcome;
import org.maskline.store.CallRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound call: leg A (the caller, in Stasis from the dialplan) and, when it has a route,
 * leg B (the callee, created by Maskline) in a mixing bridge. Where the call is is one
 * {@link CallState}, changed only by {@link #moveTo}; each leg has its own {@link Leg} state.
 *
 * <p>Everything here runs on the call's own {@link SerialExecutor}: ARI events of both legs, the
 * results of REST requests, timers and the route decision are handled one at a time, so the state
 * needs no lock and nothing blocks a Netty thread. The route lookup itself runs on the blocking
 * executor, with a deadline: a database that hangs never keeps a caller waiting.
 *
 * <p>Privacy: before the legs meet, each leg's caller ID and connected line are set to service
 * numbers, so whatever identity Asterisk sends either phone (INVITE, 18x, 200, UPDATE, re-INVITE,
 * From, P-Asserted-Identity, Remote-Party-ID) is a service number; the bridge also inhibits
 * connected-line updates.
 */
final class Call {
    private static final Logger log = LoggerFactory.getLogger(Call.class);
    /** The outcome detail of a call whose end nobody saw (its legs vanished while no Maskline watched). */
    static final String UNMONITORED = "ended_while_unmonitored";

    /** One channel of the call, as far as this call knows. */
    enum Leg {
        /** Not created (a call without a callee, or before connecting). */
        NONE,
        /** Being created: it may not exist in Asterisk yet. */
        CREATING,
        UP,
        /** Maskline asked Asterisk to hang it up. */
        HANGING_UP,
        /** Hung up, left Stasis, destroyed, or found missing: nothing more to do with it. */
        GONE
    }

    final String id;
    final SerialExecutor executor;
    /** The channel, bridge and playback ids the router delivers to this call. */
    final java.util.Queue<String> keys = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final CallContext ctx;

    private CallState state = CallState.NEW;
    private String aId;
    private String bId;
    private String bridgeId;
    private Leg a = Leg.NONE;
    private Leg b = Leg.NONE;
    /**
     * When each leg became known to this process, on the router's {@link CallRouter#tick() tick}. A
     * reconciliation's snapshot may have been read before a leg existed: such a leg is missing from
     * it without having vanished, and must not be taken for gone (the caller would be left hanging).
     */
    long aSeen;
    long bSeen;
    private boolean bridgeExists;
    /** REST requests of the callee's set-up still out (mask caller, create callee, create bridge). */
    private int setupRequests;
    private Throwable setupError;
    /** A reason Asterisk gave for ending a leg (soft hang-up), kept to sharpen it when the leg is destroyed. */
    private String asteriskReason;

    // The call-log row, filled as the call goes.
    private String caller = "anonymous";
    private String proxyNumber = "unknown";
    private String sessionId;
    /** The routing webhook asked for this call to be recorded (issue 16's {@code "record": true}). */
    private boolean recordAsked;
    private String callee;
    private Instant startedAt;
    private Instant answeredAt;
    private CallOutcome outcome;
    private String hangupCause;

    private Timers.Timer ringGuard;
    private Timers.Timer maxCallTimer;
    private Timers.Timer lookupDeadline;

    // ---- After the trip (issue 14): the menu and callbacks ------------------------------------
    /** The menu, once the call met it. */
    private Menu menu;
    private RouteDecision.Detour detour;
    private MenuChoice menuChoice;
    /** The playback whose end matters now; a stopped one's late PlaybackFinished is ignored. */
    private String currentPlayback;
    private List<Prompt> currentPrompts;
    private boolean playing;
    private int playbacks;
    /** What to do when the current prompt ends; null: wait for a key. */
    private Runnable afterPrompt;
    private Timers.Timer keyTimer;
    /** The caller's leg got its 200 OK already (menu, callback): no ringing or second answer is sent to it. */
    private boolean callerAnswered;
    /** Set for a callback this call places. */
    private CallbackCall callback;
    private String callbackId;
    private boolean requesterCreated;
    private boolean requesterInStasis;
    /** A key that arrived between the caller's 200 OK and our answer's reply: it counts once the menu starts. */
    private String earlyKey;
    /** The last key taken in the menu, and when: see {@link #REPEAT_GUARD}. */
    private String lastKey;
    private Instant lastKeyAt;

    Call(String id, CallContext ctx) {
        this.id = id;
        this.ctx = ctx;
        this.executor = new SerialExecutor(ctx.pool(), id);
    }

    CallState state() {
        return state;
    }

    Leg callerLeg() {
        return a;
    }

    Leg calleeLeg() {
        return b;
    }

    /** The row as it stands (for tests and logs). */
    CallRecord row() {
        return record(state == CallState.ENDED ? endedAt : null);
    }

    private Instant endedAt;

    // ---- the one place the state changes ---------------------------------------------------

    /**
     * Moves the call to {@code next}, logged with the reason. A change the state table does not allow
     * is a bug: it is logged as an error and refused, so the call keeps a state that still makes sense.
     *
     * @return whether the call moved
     */
    private boolean moveTo(CallState next, String why) {
        if (!state.canMoveTo(next)) {
            log.error("call {}: refused move {} -> {} ({})", id, state, next, why);
            ctx.registry().illegalMove(this, state, next);
            return false;
        }
        CallState from = state;
        state = next;
        if (next == CallState.TALKING || next == CallState.ENDED) {
            log.info("call {}: {} -> {} ({})", id, from, next, why);
        } else {
            log.debug("call {}: {} -> {} ({})", id, from, next, why);
        }
        if (from.isSettingUp() && !next.isSettingUp()) ctx.registry().setupOver(this);
        return true;
    }

    // ---- Inbound leg arrives ----------------------------------------------------------------

    void start(Channel ch) {
        aId = ch.id();
        a = Leg.UP;
        startedAt = ctx.clock().instant();
        String rawCaller = ch.caller() == null ? null : ch.caller().number();
        String rawDialed = ch.dialplan() == null ? null : ch.dialplan().exten();
        caller = Sanitizer.number(rawCaller);
        proxyNumber = PhoneNumbers.mask(Sanitizer.number(rawDialed));
        moveTo(CallState.ROUTING, "caller in Stasis");
        lookupDeadline = ctx.timers().schedule(ctx.settings().lookupTimeout(),
                () -> executor.execute(this::lookupTimedOut));
        ctx.blocking().execute(() -> {
            RouteDecision.Decision d = ctx.decision().decide(rawCaller, rawDialed, id);
            executor.execute(() -> routed(d));
        });
    }

    /** While Maskline stops: the call is refused at once (SIP 503), nobody is dialed. */
    void refuse(Channel ch) {
        aId = ch.id();
        a = Leg.UP;
        startedAt = ctx.clock().instant();
        caller = Sanitizer.number(ch.caller() == null ? null : ch.caller().number());
        proxyNumber = PhoneNumbers.mask(Sanitizer.number(ch.dialplan() == null ? null : ch.dialplan().exten()));
        decide(CallOutcome.FAILED, "shutting_down");
        moveTo(CallState.CLEARING, "Maskline is stopping: no new calls");
        hangupA(Causes.NO_ROUTE_AVAILABLE);
        recordStarted();
    }

    private void lookupTimedOut() {
        if (state != CallState.ROUTING) return;
        log.error("call {}: the route lookup did not answer within {} ms; rejecting the call", id,
                ctx.settings().lookupTimeout().toMillis());
        storeDown();
    }

    private void storeDown() {
        decide(CallOutcome.FAILED, "store_unavailable");
        moveTo(CallState.CLEARING, "no answer from the store: fail closed");
        // The caller hears the refusal first; the row waits in the queue for the database.
        hangupA(Causes.NO_ROUTE_AVAILABLE);
        recordStarted();
    }

    private void routed(RouteDecision.Decision d) {
        if (state != CallState.ROUTING) return; // the caller left, or the deadline passed
        cancel(lookupDeadline);
        caller = d.caller();
        switch (d) {
            case RouteDecision.StoreDown s -> {
                log.error("call {}: route lookup failed; rejecting the call: {}", id, Sanitizer.text(s.why(), 200));
                storeDown();
            }
            case RouteDecision.Unroutable u -> {
                proxyNumber = u.dialedIsServiceNumber() ? u.dialed() : PhoneNumbers.mask(u.dialed());
                unroutable(u);
            }
            case RouteDecision.Detour dt -> {
                proxyNumber = dt.dialedIsServiceNumber() ? dt.dialed() : PhoneNumbers.mask(dt.dialed());
                enterMenu(dt);
            }
            case RouteDecision.Refused f -> refused(f); // issue 16: intercept or routing webhook
            case RouteDecision.Routed r -> {
                Route route = r.route();
                proxyNumber = r.dialed();
                sessionId = route.sessionId();
                recordAsked = r.record();
                callee = route.calleeNumber();
                log.info("call {} from {} to {}", id, PhoneNumbers.mask(caller), proxyNumber);
                connect(route.calleeNumber(), route.calleeProxy(), route.callerProxy());
                // Written while connect()'s requests are in flight: the row is not on the masking hop.
                recordStarted();
            }
        }
    }

    private void unroutable(RouteDecision.Unroutable u) {
        log.info("call {} unroutable ({}): caller {} dialed {}", id, u.why(), Sanitizer.forLog(u.caller()),
                Sanitizer.forLog(u.dialed()));
        decide(CallOutcome.REJECTED, "unroutable");
        switch (ctx.settings().unroutable()) {
            case Unroutable.Reject r -> reject();
            // The menu is decided with the route (RouteDecision.Detour); one left here has nothing to offer.
            case Unroutable.Menu m -> reject();
            case Unroutable.Announce an -> {
                moveTo(CallState.ANNOUNCING, "unroutable: announcement");
                recordStarted();
                announce(ctx.settings().announcement());
            }
            case Unroutable.Forward f -> {
                if (!ctx.registry().mayForward(caller)) {
                    log.info("call {}: caller {} passed the forwarding limit; rejected", id, PhoneNumbers.mask(caller));
                    CallMetrics.FORWARD_LIMITED.inc();
                    hangupCause = "forward_limited";
                    reject();
                    return;
                }
                // The support line sees a pool number or its own number: never what the caller dialed
                // when that is not ours (it may be a participant's real number), never the caller.
                outcome = null;
                hangupCause = null;
                callee = f.number();
                String shown = u.dialedIsServiceNumber() ? u.dialed() : f.number();
                connect(f.number(), shown, shown);
                recordStarted();
            }
        }
    }

    /** The backend said no (or could not say): 403 or 503 to the caller, never answered, nobody dialed. */
    private void refused(RouteDecision.Refused f) {
        proxyNumber = PhoneNumbers.isE164(f.dialed()) ? f.dialed() : PhoneNumbers.mask(f.dialed());
        log.info("call {} refused ({}): {}", id, f.code(), Sanitizer.text(f.why(), 200));
        decide(CallOutcome.REJECTED, f.code());
        moveTo(CallState.CLEARING, "refused by the backend's hook");
        hangupA(f.temporary() ? Causes.NO_ROUTE_AVAILABLE : Causes.CALL_REJECTED);
        recordStarted();
    }

    private void reject() {
        moveTo(CallState.CLEARING, "unroutable: rejected");
        hangupA(Causes.UNALLOCATED);
        recordStarted();
    }

    private void announce(String sound) {
        String playback = id + "-p";
        ctx.registry().bind(playback, this);
        ctx.port().setVariables(aId, identity(proxyNumber, "CONNECTEDLINE", "i"))
                .thenCompose(v -> ctx.port().answer(aId))
                .thenCompose(v -> ctx.port().play(aId, playback, "sound:" + sound))
                .whenCompleteAsync((p, t) -> {
                    if (t != null && a == Leg.UP) {
                        log.warn("call {}: announcement failed: {}", id, AriException.unwrap(t).getMessage());
                        hangupA(Causes.NORMAL_CLEARING);
                    }
                }, executor);
    }

    // ---- The menu (issue 14) --------------------------------------------------------------------

    /** Answers the caller and offers the menu: prompts by ARI playback, keys by ChannelDtmfReceived. */
    private void enterMenu(RouteDecision.Detour dt) {
        detour = dt;
        menu = new Menu(dt.offer());
        if (dt.offer().route() != null) sessionId = dt.offer().route().sessionId();
        log.info("call {} to the menu ({}): caller {} dialed {}", id, dt.why(), PhoneNumbers.mask(caller), proxyNumber);
        moveTo(CallState.MENU, "menu: " + dt.why());
        recordStarted();
        ctx.port().setVariables(aId, identity(proxyNumber, "CONNECTEDLINE", "i"))
                .thenCompose(v -> ctx.port().answer(aId))
                .whenCompleteAsync((v, t) -> {
                    if (state != CallState.MENU || a != Leg.UP) return;
                    if (t != null) {
                        log.warn("call {}: could not answer for the menu: {}", id, AriException.unwrap(t).getMessage());
                        decide(CallOutcome.FAILED, "menu_failed");
                        moveToClearing("the menu could not start");
                        hangupA(Causes.TEMPORARY_FAILURE);
                        return;
                    }
                    callerAnswered = true;
                    Menu.Step first = menu.start();
                    if (earlyKey != null) first = menu.key(earlyKey);
                    menuStep(first);
                }, executor);
    }

    private void menuStep(Menu.Step step) {
        switch (step) {
            case Menu.Step.Play p -> play(p.prompts(), null);
            case Menu.Step.Choose c -> chosen(c.choice());
            case Menu.Step.Goodbye g -> {
                menuChoice = MenuChoice.NONE;
                decide(CallOutcome.MENU, "no_choice");
                play(List.of(Prompt.GOODBYE), this::hangUpPolitely);
            }
        }
    }

    /** Plays prompts to the caller; {@code then} runs when they end (null: wait for a key, with a deadline). */
    private void play(List<Prompt> prompts, Runnable then) {
        cancel(keyTimer);
        stopPrompt();
        String playback = id + "-m" + (++playbacks);
        currentPlayback = playback;
        currentPrompts = prompts;
        afterPrompt = then;
        playing = true;
        ctx.registry().bind(playback, this);
        startPlayback(playback, prompts, ctx.afterTrip().menus().prompts().dir().isPresent());
    }

    private void startPlayback(String playback, List<Prompt> prompts, boolean recordings) {
        var source = ctx.afterTrip().menus().prompts();
        List<String> media = new java.util.ArrayList<>();
        for (Prompt p : prompts) media.addAll(List.of(recordings ? source.media(p) : source.defaults(p)));
        ctx.port().play(aId, playback, String.join(",", media)).whenCompleteAsync((v, t) -> {
            if (t != null && playback.equals(currentPlayback) && a == Leg.UP) {
                log.warn("call {}: prompt {} could not be played: {}", id, prompts, AriException.unwrap(t).getMessage());
                promptEnded(playback, true);
            }
        }, executor);
    }

    /** Barge-in: a key during a prompt stops it; its late PlaybackFinished no longer counts. */
    private void stopPrompt() {
        if (playing && currentPlayback != null) {
            ctx.port().stopPlayback(currentPlayback).exceptionally(t -> null);
        }
        playing = false;
        currentPlayback = null;
    }

    private void promptEnded(String playback, boolean failed) {
        if (!playback.equals(currentPlayback) || !playing) return;
        if (failed && ctx.afterTrip().menus().prompts().dir().isPresent() && !playback.endsWith("-d")) {
            // A recording missing from MASKLINE_PROMPTS_DIR: Asterisk's own sounds say the same, better than silence.
            log.warn("call {}: a recording of {} could not be played; playing Asterisk's sounds instead", id, currentPrompts);
            CallMetrics.PROMPTS.labelValues("fallback").inc();
            String again = playback + "-d";
            currentPlayback = again;
            ctx.registry().bind(again, this);
            startPlayback(again, currentPrompts, false);
            return;
        }
        playing = false;
        if (a != Leg.UP) return; // the caller left: the prompt was cut, not failed
        if (failed) {
            log.warn("call {}: prompt {} could not be played (a sound or a codec missing in Asterisk?)", id, currentPrompts);
        }
        CallMetrics.PROMPTS.labelValues(failed ? "failed" : "played").inc();
        Runnable then = afterPrompt;
        afterPrompt = null;
        if (then != null) {
            then.run();
        } else if (state == CallState.MENU) {
            keyTimer = ctx.timers().schedule(ctx.afterTrip().menus().keyTimeout(),
                    () -> executor.execute(() -> silence(playback)));
        }
    }

    private void silence(String playback) {
        if (state != CallState.MENU || a != Leg.UP || !playback.equals(currentPlayback) || playing || afterPrompt != null) return;
        log.info("call {}: no key in the menu", id);
        menuStep(menu.silence());
    }

    private void key(String digit) {
        if (a != Leg.UP || menu == null || afterPrompt != null || menuChoice != null) return; // leaving the menu already
        String d = digit == null ? "" : Sanitizer.text(digit, 1);
        Instant now = ctx.clock().instant();
        if (d.equals(lastKey) && Duration.between(lastKeyAt, now).compareTo(REPEAT_GUARD) < 0) {
            log.debug("call {}: key {} again after {}: the same press", id, d, Duration.between(lastKeyAt, now));
            return;
        }
        lastKey = d;
        lastKeyAt = now;
        if (!callerAnswered) {
            if (earlyKey == null) earlyKey = d;
            return;
        }
        cancel(keyTimer);
        log.info("call {}: menu key {}", id, d);
        menuStep(menu.key(d));
    }

    /**
     * The same key reported again within this long is the same press: no phone sends two presses of
     * one key that close (each tone and each pause lasts 40 ms at least, a finger far longer). The ARI
     * client already drops exact copies of an event (ari.RepeatedEvents: the trunk subscription for
     * texts made Asterisk send every key twice); this also covers a key reported twice in two forms.
     */
    static final Duration REPEAT_GUARD = Duration.ofMillis(120);

    private void chosen(MenuChoice choice) {
        menuChoice = choice;
        var offer = menu.offer();
        switch (choice) {
            case OTHER_PARTY -> {
                var r = offer.route();
                callee = r.calleeNumber();
                play(List.of(Prompt.CONNECTING), () -> connect(r.calleeNumber(), r.calleeProxy(), r.callerProxy()));
            }
            case OPERATOR -> {
                Operator op = ctx.afterTrip().menus().operator().orElseThrow();
                callee = op.forLog();
                // Staff see who calls unless told otherwise; with "proxy" they see a service number, never a guess.
                String shown = !op.seesProxy() ? caller
                        : detour.dialedIsServiceNumber() ? detour.dialed() : op.isNumber() ? op.target() : "anonymous";
                // An E.164 operator goes through the dial template (and its checks); a dial string as written.
                play(List.of(Prompt.CONNECTING), () -> {
                    if (op.isNumber()) connect(op.target(), shown, detour.dialed());
                    else connectEndpoint(op.target(), shown, detour.dialed());
                });
            }
            case CALLBACK -> {
                var r = offer.route();
                callee = r.calleeNumber();
                afterPrompt = () -> { }; // keys no longer count
                ctx.blocking().execute(() -> {
                    try {
                        String cb = ctx.afterTrip().callbacks().request(r);
                        executor.execute(() -> callbackBooked(cb));
                    } catch (RuntimeException e) {
                        executor.execute(() -> callbackNotStored(e));
                    }
                });
            }
            case NONE, HANGUP -> { } // not a key's choice
        }
    }

    private void callbackBooked(String id) {
        callbackId = id;
        decide(CallOutcome.MENU, "callback_requested");
        log.info("call {}: callback {} requested", this.id, id);
        if (a == Leg.UP && state == CallState.MENU) play(List.of(Prompt.CALLBACK_BOOKED), this::hangUpPolitely);
    }

    private void callbackNotStored(RuntimeException e) {
        log.error("call {}: the callback request could not be stored: {}", id, Sanitizer.text(String.valueOf(e.getMessage()), 200));
        decide(CallOutcome.MENU, "callback_not_stored");
        if (a == Leg.UP && state == CallState.MENU) play(List.of(Prompt.GOODBYE), this::hangUpPolitely);
    }

    private void hangUpPolitely() {
        moveToClearing("the menu is over");
        hangupA(Causes.NORMAL_CLEARING);
    }

    // ---- A callback (issue 14): Maskline calls the requester, then the target ------------------

    /**
     * Calls the requester (showing their proxy number), plays "connecting you" when they answer, then
     * connects the target as any call's callee (showing the target's proxy number), masked the same way.
     */
    void startCallback(CallbackCall job) {
        callback = job;
        callbackId = job.callbackId();
        aId = id + "-r";
        a = Leg.UP; // hung up like any caller leg from here on; created below
        aSeen = Long.MAX_VALUE; // not in any snapshot until it is created: never taken for vanished meanwhile
        startedAt = ctx.clock().instant();
        caller = job.requester();
        proxyNumber = job.requesterProxy();
        sessionId = job.sessionId();
        callee = job.target();
        moveTo(CallState.ORIGINATING, "callback " + job.callbackId() + ": calling the requester");
        ctx.registry().bind(aId, this);
        recordStarted();
        java.util.Optional<String> endpoint = ctx.settings().endpointFor(job.requester());
        if (endpoint.isEmpty()) {
            // The dial template cannot reach this number (a national form of another country): never guess.
            log.warn("call {}: the callback's requester {} cannot be dialed with MASKLINE_DIAL_TEMPLATE; not dialed",
                    id, PhoneNumbers.mask(job.requester()));
            a = Leg.GONE;
            decide(CallOutcome.FAILED, "undialable");
            moveToClearing("the requester cannot be dialed");
            maybeFinish();
            return;
        }
        Map<String, String> shown = new LinkedHashMap<>();
        shown.putAll(identity(job.requesterProxy(), "CALLERID", null));
        // Inhibited, as for a callee leg: the INVITE's From and PAI carry it anyway, and without "i" each
        // of the two settings is sent again as its own UPDATE once the phone rings.
        shown.putAll(identity(job.requesterProxy(), "CONNECTEDLINE", "i"));
        ctx.port().createChannel(new ChannelCreate(endpoint.get(), ctx.settings().app(),
                CallRouter.LEG_CALLBACK_ARG, aId, null, null, null, shown)).whenCompleteAsync((v, t) -> {
                    if (t != null) {
                        log.warn("call {}: could not create the requester's leg: {}", id, AriException.unwrap(t).getMessage());
                        a = Leg.GONE;
                        decide(CallOutcome.FAILED, "setup_failed");
                        moveToClearing("the requester's leg could not be created");
                        maybeFinish();
                        return;
                    }
                    requesterCreated = true;
                    aSeen = ctx.registry().tick();
                    dialRequester();
                }, executor);
        ringGuard = ctx.timers().schedule(ctx.settings().ringTimeout().plusSeconds(5),
                () -> executor.execute(this::ringTimedOut));
    }

    private void requesterInStasis() {
        requesterInStasis = true;
        if (state == CallState.CLEARING || state == CallState.ENDED) {
            hangupA(Causes.NORMAL_CLEARING);
            return;
        }
        dialRequester();
    }

    /** Dials once create() returned and the leg is in Stasis (dialing earlier fails with 409). */
    private void dialRequester() {
        if (!requesterCreated || !requesterInStasis || state != CallState.ORIGINATING) return;
        ctx.port().dial(aId, (int) ctx.settings().ringTimeout().toSeconds()).whenCompleteAsync((v, t) -> {
            if (t != null && state == CallState.ORIGINATING) {
                log.warn("call {}: could not dial the requester: {}", id, AriException.unwrap(t).getMessage());
                decide(CallOutcome.FAILED, "setup_failed");
                moveToClearing("the requester could not be dialed");
                hangupA(Causes.NORMAL_CLEARING);
            }
        }, executor);
    }

    private void requesterAnswered() {
        if (state != CallState.ORIGINATING) return;
        cancel(ringGuard);
        callerAnswered = true;
        moveTo(CallState.PROMPTING, "the requester answered");
        CallbackCall job = callback;
        play(List.of(Prompt.CONNECTING), () -> connect(job.target(), job.targetProxy(), job.requesterProxy()));
    }

    // ---- Taking over a call a previous Maskline placed ----------------------------------------

    /**
     * Takes over a call that a previous Maskline bridged and that is still up: from here on its
     * hang-ups are handled, its limits kept and its row completed as if this process had placed it.
     * The callee's channel state says where it is: Up is talking (since the stored answer time),
     * anything else still ringing.
     */
    void adopt(String aChannel, Channel calleeChannel, String bridge, Optional<CallRecord> row) {
        aId = aChannel;
        bId = calleeChannel.id();
        bridgeId = bridge;
        a = Leg.UP;
        b = Leg.UP;
        bridgeExists = true;
        Instant now = ctx.clock().instant();
        startedAt = row.map(CallRecord::startedAt).orElse(now);
        caller = row.map(CallRecord::caller).orElse("unknown");
        proxyNumber = row.map(CallRecord::proxyNumber).orElse("unknown");
        callee = row.map(CallRecord::callee).orElse(null);
        sessionId = row.map(CallRecord::sessionId).orElse(null);
        if ("Up".equals(calleeChannel.state())) {
            answeredAt = row.map(CallRecord::answeredAt).orElse(null);
            if (answeredAt == null) {
                // Answered while nobody watched: now is the best time known, and it is stored.
                answeredAt = now;
                ctx.callLog().answered(id, answeredAt);
            }
            moveTo(CallState.TALKING, "adopted: the callee's channel is Up");
            armMaxCall(now);
            ctx.registry().recorder().talking(new CallRecorder.Talking(id, sessionId, aId, bId, bridgeId, true, false));
        } else {
            moveTo(CallState.RINGING, "adopted: the callee's channel is " + calleeChannel.state());
            Instant created = calleeChannel.creationtime() == null ? now : calleeChannel.creationtime();
            Duration left = ctx.settings().ringTimeout().minus(Duration.between(created, now)).plusSeconds(5);
            ringGuard = ctx.timers().schedule(left.isNegative() ? Duration.ZERO : left,
                    () -> executor.execute(this::ringTimedOut));
        }
        log.info("call {}: took over a {} call left by a previous Maskline", id, state == CallState.TALKING ? "talking" : "ringing");
    }

    /**
     * After a gap in which events were lost: moves the call forward from what Asterisk holds now.
     * A callee found Up is talking; a leg found missing ended unseen, and the other is hung up.
     *
     * @param live      every channel in Asterisk now, by id
     * @param gapStart  when events stopped arriving (best known end of a leg that vanished)
     * @param snapshotMark the router's tick taken just before {@code live} was requested: a leg seen
     *                     after it may be missing from the snapshot only because it is newer
     */
    void reconcile(Map<String, Channel> live, Instant gapStart, long snapshotMark) {
        if (state == CallState.ENDED) return;
        Channel bNow = bId == null ? null : live.get(bId);
        if (bNow != null && "Up".equals(bNow.state()) && (state == CallState.BRIDGING
                || state == CallState.DIALING || state == CallState.RINGING)) {
            answered("the callee's channel was found Up after a gap");
        }
        boolean aVanished = aId != null && a != Leg.GONE && aSeen < snapshotMark && !live.containsKey(aId);
        boolean bVanished = bId != null && (b == Leg.UP || b == Leg.HANGING_UP) && bSeen < snapshotMark && bNow == null;
        if (aVanished || bVanished) {
            endedAt = gapStart;
            decide(answeredAt != null ? CallOutcome.COMPLETED : CallOutcome.FAILED, UNMONITORED);
            log.info("call {}: {} ended while no events arrived", id, aVanished && bVanished ? "both legs" : aVanished ? "the caller" : "the callee");
        }
        // A hang-up that never reached Asterisk (a cut connection) is sent again.
        if (a == Leg.HANGING_UP && live.containsKey(aId)) sendHangupA(1);
        if (b == Leg.HANGING_UP && bNow != null) sendHangupB(1);
        if (aVanished && bVanished) {
            a = Leg.GONE;
            b = Leg.GONE;
            cancel(ringGuard);
            moveToClearing("both legs vanished");
            maybeFinish();
        } else if (bVanished) {
            legGone(bId, 0);
        } else if (aVanished) {
            legGone(aId, 0);
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
        java.util.Optional<String> endpoint = ctx.settings().endpointFor(number);
        if (endpoint.isEmpty()) {
            // MASKLINE_DIAL_TEMPLATE has only a national form, for another country: dialing it would
            // reach whoever has those digits there. Fail closed.
            log.warn("call {}: callee {} cannot be dialed with MASKLINE_DIAL_TEMPLATE (a national form of another country); failed, not dialed",
                    id, PhoneNumbers.mask(number));
            decide(CallOutcome.FAILED, "undialable");
            moveTo(CallState.CLEARING, "undialable");
            hangupA(Causes.NO_ROUTE_AVAILABLE);
            return;
        }
        connectEndpoint(endpoint.get(), shownToCallee, shownToCaller);
    }

    private void connectEndpoint(String endpoint, String shownToCallee, String shownToCaller) {
        moveTo(CallState.CREATING_LEG, "routed");
        bId = id + "-b";
        bridgeId = id;
        b = Leg.CREATING;
        // Bind before creating: B's first event may arrive before create() returns.
        ctx.registry().bind(bId, this);
        ctx.registry().bind(bridgeId, this);

        Map<String, String> aIdentity = new LinkedHashMap<>();
        aIdentity.putAll(identity(shownToCallee, "CALLERID", null));
        aIdentity.putAll(identity(shownToCaller, "CONNECTEDLINE", "i"));
        Map<String, String> bIdentity = new LinkedHashMap<>();
        bIdentity.putAll(identity(shownToCaller, "CALLERID", null));
        bIdentity.putAll(identity(shownToCallee, "CONNECTEDLINE", "i"));

        setupRequests = 3;
        after(ctx.port().setVariables(aId, aIdentity), ok -> { });
        after(ctx.port().createChannel(new ChannelCreate(endpoint, ctx.settings().app(),
                CallRouter.LEG_B_ARG, bId, null, aId, null, bIdentity)), ok -> {
            if (b == Leg.CREATING) {
                b = ok ? Leg.UP : Leg.GONE;
                bSeen = ctx.registry().tick();
            }
        });
        after(ctx.port().createBridge(bridgeId, "maskline-" + id), ok -> bridgeExists = ok);
        // Asterisk ends the dial at the ring timeout; this guard covers a dial that never reports.
        ringGuard = ctx.timers().schedule(ctx.settings().ringTimeout().plusSeconds(5),
                () -> executor.execute(this::ringTimedOut));
    }

    /** Runs {@code then(succeeded)} on the call's executor when {@code f} completes; the last one goes on with the set-up. */
    private void after(CompletableFuture<Void> f, java.util.function.Consumer<Boolean> then) {
        f.whenCompleteAsync((v, t) -> {
            if (t != null && setupError == null) setupError = AriException.unwrap(t);
            then.accept(t == null);
            if (--setupRequests == 0) setupDone();
        }, executor);
    }

    private void setupDone() {
        if (state == CallState.CLEARING || state == CallState.ENDED) {
            // The caller left (or the call failed) while B was being created: an earlier hang-up found nothing.
            hangupB("normal");
            if (state == CallState.ENDED && bridgeExists) destroyBridge();
            maybeFinish();
        } else if (setupError != null) {
            connectFailed(setupError);
        } else if (state == CallState.CREATING_LEG) {
            moveTo(CallState.LEG_CREATED, "callee leg, masking and bridge ready");
        } else if (state == CallState.LEG_IN_STASIS) {
            bridgeAndDial();
        }
    }

    private void calleeInStasis() {
        if (b == Leg.CREATING) {
            b = Leg.UP;
            bSeen = ctx.registry().tick();
        }
        switch (state) {
            case CREATING_LEG -> moveTo(CallState.LEG_IN_STASIS, "callee leg in Stasis before its set-up returned");
            case LEG_CREATED -> bridgeAndDial();
            case CLEARING, ENDED -> hangupB("normal");
            default -> { }
        }
    }

    /**
     * Bridges and dials once both the REST set-up is done and B has entered Stasis: create()
     * can return before B is in the application, and adding it to a bridge then fails (422).
     */
    private void bridgeAndDial() {
        moveTo(CallState.BRIDGING, "both legs ready");
        ctx.port().addToBridge(bridgeId, List.of(aId, bId))
                .thenCompose(v -> ctx.port().dial(bId, (int) ctx.settings().ringTimeout().toSeconds()))
                .whenCompleteAsync((v, t) -> {
                    if (t != null) {
                        connectFailed(AriException.unwrap(t));
                    } else if (state == CallState.BRIDGING) {
                        moveTo(CallState.DIALING, "dial accepted");
                        CallMetrics.SETUP.observe(Duration.between(startedAt, ctx.clock().instant()).toNanos() / 1e9);
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
        if (!state.isBeforeAnswer()) return;
        log.warn("call {}: could not connect the callee: {}", id, t.getMessage());
        decide(CallOutcome.FAILED, "setup_failed");
        moveTo(CallState.CLEARING, "callee set-up failed");
        hangupB("normal");
        hangupA(Causes.NO_ROUTE_AVAILABLE);
        maybeFinish();
    }

    private void ringTimedOut() {
        if (state == CallState.ORIGINATING) {
            log.info("call {}: the callback's requester did not answer within the ring timeout", id);
            decide(CallOutcome.NO_ANSWER, "requester_no_answer");
            moveTo(CallState.CLEARING, "requester ring timeout");
            hangupA(Causes.NO_ANSWER);
            maybeFinish();
            return;
        }
        if (!state.isBeforeAnswer()) return; // answered (or ended) meanwhile: a stale guard does nothing
        log.info("call {}: callee did not answer within the ring timeout", id);
        decide(CallOutcome.NO_ANSWER, Causes.name(Causes.NO_ANSWER));
        moveTo(CallState.CLEARING, "ring timeout");
        hangupB("no_answer");
        hangupA(Causes.NO_ANSWER);
    }

    // ---- Events ------------------------------------------------------------------------------

    void onEvent(AriEvent event) {
        if (state == CallState.ENDED) return; // late events of a finished call change nothing
        switch (event) {
            case AriEvent.StasisStart s when callback != null && s.channel().id().equals(aId) -> requesterInStasis();
            case AriEvent.Dial d when callback != null && d.peer() != null && d.peer().id().equals(aId) -> {
                if ("ANSWER".equals(d.dialstatus())) requesterAnswered();
            }
            case AriEvent.ChannelStateChange c when callback != null && c.channel().id().equals(aId)
                    && "Up".equals(c.channel().state()) -> requesterAnswered();
            case AriEvent.ChannelDtmfReceived k when k.channel().id().equals(aId) && state == CallState.MENU -> key(k.digit());
            case AriEvent.PlaybackFinished p when p.playback() != null
                    && (state == CallState.MENU || state == CallState.PROMPTING) ->
                    promptEnded(p.playback().id(), "failed".equals(p.playback().state()));
            case AriEvent.StasisStart s when s.channel().id().equals(bId) -> calleeInStasis();
            case AriEvent.Dial d when d.peer() != null && d.peer().id().equals(bId) -> onDial(d.dialstatus());
            case AriEvent.ChannelStateChange c when c.channel().id().equals(bId) && "Up".equals(c.channel().state()) ->
                    answered("the callee's channel is Up");
            case AriEvent.ChannelHangupRequest h -> {
                String ch = h.channel().id();
                // A soft request carries Asterisk's soft-hangup flags, not a Q.850 cause. Ours are expected;
                // any other one means Asterisk itself ended the leg (shutdown, RTP timeout, the CLI).
                String reason = h.soft() && legOf(ch) != Leg.HANGING_UP
                        ? Causes.softHangupReason(h.cause() == null ? 0 : h.cause()) : null;
                legEnding(ch, h.soft() ? null : h.cause(), reason);
            }
            case AriEvent.StasisEnd e -> legEnding(e.channel().id(), null, null);
            case AriEvent.ChannelDestroyed d -> legGone(d.channel().id(), d.cause());
            case AriEvent.PlaybackFinished p when state == CallState.ANNOUNCING -> hangupA(Causes.NORMAL_CLEARING);
            case AriEvent.PlaybackFinished p when p.playback() != null
                    && (id + CallRecorder.ANNOUNCEMENT).equals(p.playback().id()) -> ctx.registry().recorder().announced(id);
            case AriEvent.BridgeDestroyed bd -> bridgeExists = false;
            default -> { }
        }
    }

    private Leg legOf(String channelId) {
        if (channelId.equals(aId)) return a;
        if (channelId.equals(bId)) return b;
        return Leg.NONE;
    }

    private void onDial(String status) {
        if (status == null) return;
        switch (status) {
            case "RINGING" -> {
                if (state == CallState.BRIDGING || state == CallState.DIALING) {
                    moveTo(CallState.RINGING, "the callee's phone rings");
                    if (a == Leg.UP && !callerAnswered) ctx.port().ring(aId).exceptionally(t -> null);
                }
            }
            case "PROGRESS" -> {
                if (a == Leg.UP && !callerAnswered && state.isBeforeAnswer()) ctx.port().progress(aId).exceptionally(t -> null);
            }
            case "ANSWER" -> answered("dial status ANSWER");
            default -> { } // failures arrive as B's hang-up, with the precise cause
        }
    }

    private void answered(String why) {
        if (state != CallState.BRIDGING && state != CallState.DIALING && state != CallState.RINGING) return;
        Instant now = ctx.clock().instant();
        cancel(ringGuard);
        answeredAt = now;
        moveTo(CallState.TALKING, why);
        // Stored now, off the hop: a Maskline that takes this call over keeps its times and limits.
        ctx.callLog().answered(id, answeredAt);
        if (a == Leg.UP && !callerAnswered) {
            answerCaller(3);
        }
        armMaxCall(now);
        ctx.registry().recorder().talking(new CallRecorder.Talking(id, sessionId, aId, bId, bridgeId, false, recordAsked));
    }

    /**
     * Answers the caller. A 404 means the caller is gone (their hang-up is on its way); any other
     * failure (a cut connection) is retried a few times, then the call is ended rather than left half-up.
     */
    private void answerCaller(int triesLeft) {
        ctx.port().answer(aId).whenCompleteAsync((v, t) -> {
            if (t == null || a != Leg.UP) return;
            Throwable why = AriException.unwrap(t);
            if (why instanceof AriException.NotFound) {
                legGone(aId, 0);
            } else if (triesLeft > 1) {
                // A cut connection: the next request goes out on a fresh one, shortly.
                ctx.timers().schedule(Duration.ofMillis(100), () -> executor.execute(() -> {
                    if (a == Leg.UP && state == CallState.TALKING) answerCaller(triesLeft - 1);
                }));
            } else {
                log.warn("call {}: could not answer the caller: {}", id, why.getMessage());
                decide(CallOutcome.FAILED, "setup_failed");
                moveToClearing("the caller could not be answered");
                hangupB("normal");
                hangupA(Causes.TEMPORARY_FAILURE);
            }
        }, executor);
    }

    /** Arms the maximum-talk-time timer for what is left of it since the answer. */
    private void armMaxCall(Instant now) {
        Duration max = ctx.settings().maxCall();
        if (max.isZero() || max.isNegative()) return;
        Duration left = max.minus(Duration.between(answeredAt, now));
        maxCallTimer = ctx.timers().schedule(left.isNegative() ? Duration.ZERO : left,
                () -> executor.execute(this::maxCallReached));
    }

    private void maxCallReached() {
        if (state != CallState.TALKING) return;
        log.info("call {}: maximum call duration reached; hanging up both legs", id);
        decide(CallOutcome.COMPLETED, "max_call_duration");
        moveTo(CallState.CLEARING, "maximum call duration");
        hangupA(Causes.NORMAL_CLEARING);
        hangupB("normal");
    }

    /**
     * A leg is going away (hang-up requested, or it left Stasis). React at once: the other side
     * must not wait.
     *
     * @param cause          the Q.850 cause, when the event carries one
     * @param asteriskReason set when Asterisk itself ended the leg (see {@link Causes#softHangupReason})
     */
    private void legEnding(String channelId, Integer cause, String asteriskReason) {
        if (asteriskReason != null) this.asteriskReason = asteriskReason;
        if (channelId.equals(aId) && state == CallState.ORIGINATING) {
            // The requester's phone did not take the callback. Without a cause, ChannelDestroyed says why.
            if (cause == null || a == Leg.GONE) return;
            a = Leg.GONE;
            cancel(ringGuard);
            decide(Causes.unansweredOutcome(cause), "requester_" + Causes.name(cause));
            moveToClearing("the requester did not answer");
            maybeFinish();
            return;
        }
        if (channelId.equals(aId) && state == CallState.MENU && a != Leg.GONE) {
            if (menuChoice == null) menuChoice = MenuChoice.HANGUP;
            decide(CallOutcome.MENU, "caller_hangup");
        }
        if (channelId.equals(aId)) {
            if (a == Leg.GONE) return;
            a = Leg.GONE;
            if (state == CallState.TALKING) {
                decide(CallOutcome.COMPLETED, asteriskReason != null ? asteriskReason : "caller_hangup");
            } else if (asteriskReason != null) {
                decide(CallOutcome.FAILED, asteriskReason);
            } else {
                decide(CallOutcome.CANCELED, "caller_canceled");
            }
            moveToClearing("the caller's leg ended");
            hangupB("normal");
        } else if (channelId.equals(bId)) {
            if (b == Leg.GONE) return;
            if (state == CallState.TALKING || state == CallState.CLEARING) {
                b = Leg.GONE;
                decide(CallOutcome.COMPLETED, asteriskReason != null ? asteriskReason : "callee_hangup");
                moveToClearing("the callee's leg ended");
                hangupA(Causes.NORMAL_CLEARING);
            } else if (cause != null && cause > 0) {
                calleeFailed(cause);
            }
            // Before answer and without a cause, wait for ChannelDestroyed: it says why.
        }
        maybeFinish();
    }

    private void legGone(String channelId, int cause) {
        if (hangupCause != null && hangupCause.equals(asteriskReason)) {
            hangupCause = Causes.byDestroyCause(hangupCause, cause);
        }
        if (channelId.equals(bId) && b != Leg.GONE && state.isBeforeAnswer()) {
            calleeFailed(cause);
        } else {
            legEnding(channelId, cause, null);
        }
        maybeFinish();
    }

    private void calleeFailed(int cause) {
        b = Leg.GONE;
        cancel(ringGuard);
        // Before the answer only a shutdown says more than the cause: Asterisk's own soft hang-up of a
        // ringing callee is the dial timeout, whose cause (19) is the truth.
        if ("asterisk_shutdown".equals(asteriskReason)) {
            decide(CallOutcome.FAILED, asteriskReason);
        } else {
            decide(Causes.unansweredOutcome(cause), Causes.name(cause));
        }
        log.info("call {}: callee leg ended before answer: {}", id, Causes.name(cause));
        moveToClearing("the callee's leg failed");
        hangupA(Causes.forCaller(cause));
    }

    private void moveToClearing(String why) {
        if (state != CallState.CLEARING && state != CallState.ENDED) moveTo(CallState.CLEARING, why);
    }

    /** Sets the outcome unless one is decided already: the first reason a call ends is the truth. */
    private void decide(CallOutcome o, String cause) {
        if (outcome != null) return;
        outcome = o;
        hangupCause = cause;
    }

    // ---- Teardown ----------------------------------------------------------------------------

    private int aCause = Causes.NORMAL_CLEARING;
    private String bReason = "normal";

    private void hangupA(int cause) {
        if (aId == null || a != Leg.UP) return;
        a = Leg.HANGING_UP;
        aCause = cause;
        sendHangupA(HANGUP_TRIES);
    }

    private void hangupB(String reason) {
        if (bId == null || b != Leg.UP) return; // a leg still being created is hung up when create returns
        b = Leg.HANGING_UP;
        bReason = reason;
        sendHangupB(HANGUP_TRIES);
    }

    /** A hang-up lost to a cut connection is sent again, a few times; a 404 is never retried. */
    private static final int HANGUP_TRIES = 4;

    private void sendHangupA(int triesLeft) {
        ctx.port().hangupWithCause(aId, aCause).whenCompleteAsync((v, t) -> hangupFailed(aId, t, triesLeft), executor);
    }

    private void sendHangupB(int triesLeft) {
        ctx.port().hangup(bId, bReason).whenCompleteAsync((v, t) -> hangupFailed(bId, t, triesLeft), executor);
    }

    /** A 404 means the channel is already gone: that is its end, never a reason to try again. */
    private void hangupFailed(String channelId, Throwable t, int triesLeft) {
        if (t == null || state == CallState.ENDED) return;
        Throwable why = AriException.unwrap(t);
        if (why instanceof AriException.NotFound) {
            legGone(channelId, 0);
        } else if (triesLeft > 1 && legOf(channelId) == Leg.HANGING_UP) {
            log.info("call {}: hang-up of {} failed ({}); trying again", id, channelId, why.getMessage());
            ctx.timers().schedule(Duration.ofMillis(250), () -> executor.execute(() -> {
                if (legOf(channelId) != Leg.HANGING_UP || state == CallState.ENDED) return;
                if (channelId.equals(aId)) sendHangupA(triesLeft - 1);
                else sendHangupB(triesLeft - 1);
            }));
        } else {
            log.warn("call {}: hang-up of {} failed: {}; the next reconciliation retries it", id, channelId, why.getMessage());
        }
    }

    private void maybeFinish() {
        if (state != CallState.CLEARING) return;
        if (aId != null && a != Leg.GONE) return;
        if (b == Leg.CREATING || b == Leg.UP || b == Leg.HANGING_UP) return;
        if (setupRequests > 0) return; // the bridge may still be being created: destroy it once it exists
        if (endedAt == null) endedAt = ctx.clock().instant();
        moveTo(CallState.ENDED, "both legs gone");
        cancel(ringGuard);
        cancel(maxCallTimer);
        cancel(lookupDeadline);
        cancel(keyTimer);
        if (bridgeExists) destroyBridge();
        decide(CallOutcome.FAILED, "unknown");
        if (answeredAt != null && outcome == CallOutcome.FAILED) outcome = CallOutcome.COMPLETED; // answered is never "failed"
        if (answeredAt != null && endedAt.isBefore(answeredAt)) endedAt = answeredAt;
        ctx.callLog().finish(record(endedAt), ctx.port().nodeName());
        if (answeredAt != null) ctx.registry().recorder().ended(id);
        CallMetrics.CALLS.labelValues(outcome.code()).inc();
        ctx.registry().unbind(this);
        log.info("call {} ended: {} ({}){}", id, outcome.code(), hangupCause, menuChoice == null ? "" : "; menu: " + menuChoice.code());
        if (callback != null) {
            CallbackCall.Result result = new CallbackCall.Result(answeredAt != null, outcome.code(), id);
            try {
                callback.onEnd().accept(result);
            } catch (RuntimeException e) {
                log.warn("call {}: the callback's result was not taken: {}", id, e.getMessage());
            }
        }
    }

    private void destroyBridge() {
        bridgeExists = false;
        ctx.port().destroyBridge(bridgeId).exceptionally(t -> null);
    }

    private void recordStarted() {
        ctx.callLog().start(record(null), ctx.port().nodeName());
    }

    private CallRecord record(Instant end) {
        return new CallRecord(id, sessionId, caller, callee, proxyNumber, startedAt, answeredAt, end,
                end == null ? null : outcome, end == null ? null : hangupCause,
                menuChoice == null ? null : menuChoice.code(), callbackId);
    }

    private static void cancel(Timers.Timer t) {
        if (t != null) t.cancel();
    }
}
