package org.maskline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.maskline.agi.AgiService;
import org.maskline.api.ApiServer;
import org.maskline.api.Readiness;
import org.maskline.ari.AriClient;
import org.maskline.ari.AriConfig;
import org.maskline.calls.AfterTrip;
import org.maskline.calls.CallRouter;
import org.maskline.calls.CallSettings;
import org.maskline.calls.CallbackCall;
import org.maskline.callbacks.CallbackDialer;
import org.maskline.callbacks.CallbackService;
import org.maskline.callbacks.CallbackSettings;
import org.maskline.menu.MenuSettings;
import org.maskline.cluster.LeaseKeeper;
import org.maskline.config.Config;
import org.maskline.config.RecordingConfig;
import org.maskline.transcripts.OpenAiTranscriber;
import org.maskline.transcripts.QaKeywords;
import org.maskline.transcripts.TranscriptionWorkers;
import org.maskline.recordings.RecordingFiles;
import org.maskline.recordings.RecordingSweeper;
import org.maskline.recordings.Recordings;
import org.maskline.messages.AriTextPort;
import org.maskline.messages.MessageRelay;
import org.maskline.messages.Messenger;
import org.maskline.messages.TextPort;
import org.maskline.messages.TrunkAddress;
import org.maskline.sessions.PhoneNumbers;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.Store;
import org.maskline.twilio.TwilioApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Maskline: the store, the ARI application for one Asterisk node, the FastAGI service
 * and the REST API.
 * Built by hand from the configuration, in the order the parts depend on each other, and closed
 * in the reverse order.
 *
 * <p>On PostgreSQL several instances may serve one Asterisk node: only the holder of the node's
 * lease (see {@link LeaseKeeper}) runs the ARI side (client and call router); the others serve the
 * REST API, count as ready standbys, and take over when the lease comes free. On H2 the instance
 * is always active (H2's file lock lets only one process open the database).
 */
public final class Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Server.class);

    /** The ARI side while this instance is active: built on taking the lease, closed on losing it. */
    private record Active(AriClient ari, CallRouter calls, Recordings recordings, Messenger messenger, MessageRelay messages) {}

    private final Config config;
    private final Store store;
    private volatile ApiServer api;
    private volatile TwilioApi twilio;
    private volatile AgiService agi;
    private volatile LeaseKeeper keeper;
    private volatile Active active;
    private volatile org.maskline.webhooks.Dispatcher webhooks; // issue 16
    private volatile org.maskline.calls.RouteHooks hooks = org.maskline.calls.RouteHooks.NONE; // issue 16: intercept, routing
    private volatile boolean stopping;
    /** Places callbacks while this instance is active (issue 14). */
    private volatile CallbackDialer dialer;
    private final CallbackSettings callbackSettings;
    private final Object roleChange = new Object();

    private Server(Config config, Store store) {
        this.config = config;
        this.store = store;
        var t = config.afterTrip();
        this.callbackSettings = new CallbackSettings(t.callbackAttempts(), t.callbackTtl(), t.callbackRetry(),
                CallbackSettings.DEFAULT_POLL);
    }

    public static Server start(Config config) {
        JvmMetricsOnce.register();
        PhoneNumbers.logRealNumbers(config.logRealNumbers());
        Store store = Store.open(config);
        store.startSweeper(config.database().sweepInterval());
        Server server = new Server(config, store);
        server.startRecordingSweeper();
        server.startTranscription();
        try {
            // issue 17: Twilio Proxy's API under /twilio/v1/, on the same engine; its intercept callbacks
            // sit in front of the route lookup of both call paths.
            server.twilio = TwilioApi.create(store, new SessionPolicy(config.defaultCountry(), config.defaultTtl(), Clock.systemUTC()),
                    config.apiKeys().getFirst(), server::messenger, Clock.systemUTC());
            store.calls().listen(server.twilio.callbackListener());
            store.messages().listen(server.twilio.messageCallbackListener());
            server.api = new ApiServer(config, store, server.readiness(), server::messenger).mount(server.twilio).start();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        server.webhooks = webhookDispatcher(config, store, server.twilio.callbackTarget()).start();
        // issue 16: intercept and routing webhook, asked by both call paths (ARI and FastAGI)
        server.hooks = org.maskline.webhooks.CallHooks.of(config.webhooks(), store.routes(),
                new org.maskline.sessions.SessionPolicy(config.defaultCountry(), config.defaultTtl(), Clock.systemUTC()),
                store.sessions()::create, Clock.systemUTC());
        server.agi = config.agiAddr().map(a -> AgiService.start(a, config.agiAllow(), server.routes(), config.dialTemplate(),
                config.defaultCountry(), (int) config.ringTimeout().toSeconds(), server.hooks)).orElse(null); // FastAGI off unless set
        var ariConf = config.ari();
        if (store.isPostgres()) {
            // All instances of one node must name it alike: the lease is per (application, ARI address).
            String node = ariConf.url().getHost() + ":" + ariConf.url().getPort();
            server.keeper = new LeaseKeeper(store.leases(), ariConf.app(), node, config.instanceId(),
                    config.leaseDuration(), server.new Role());
            server.keeper.start();
        } else {
            server.activate(0);
        }
        // Every instance files callback requests; only the active one (the lease holder) places them.
        server.dialer = new CallbackDialer(store.callbacks(), server.callbackSettings, config.instanceId(),
                server::mayPlaceCalls, server::placeCallback, Clock.systemUTC()).start();
        log.info("Maskline started: ARI {} app {}, store {}, {}", ariConf.url(), ariConf.app(),
                store.isPostgres() ? "PostgreSQL" : "H2", server.active != null ? "active" : "standby (another instance holds the ARI lease)");
        return server;
    }

    // ---- issue 15: recordings past their retention, and those of purged calls, are deleted ----
    private volatile java.util.concurrent.ScheduledExecutorService recordingSweeper;

    private volatile TranscriptionWorkers transcription;

    /** The transcription queue's workers, when MASKLINE_TRANSCRIBE_URL is set (on every instance: the queue is in the database). */
    private void startTranscription() {
        RecordingConfig rc = config.recording();
        if (rc.transcribeUrl().isEmpty()) return;
        transcription = new TranscriptionWorkers(store.transcripts(), new RecordingFiles(rc.dir()).open(),
                new OpenAiTranscriber(rc.transcribeUrl().get(), rc.transcribeModel(), rc.transcribeLanguage(), rc.transcribeTimeout()),
                new QaKeywords(rc.qaKeywords()), rc.transcribeConcurrency(), rc.transcribeAttempts(),
                rc.transcribeTimeout().multipliedBy(2).plusSeconds(60), config.instanceId(), Clock.systemUTC()).start();
    }

    private void startRecordingSweeper() {
        RecordingSweeper sweeper = new RecordingSweeper(store.recordings(), new RecordingFiles(config.recording().dir()),
                config.recording().retention(), Clock.systemUTC());
        recordingSweeper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maskline-recording-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = config.database().sweepInterval().toMillis();
        recordingSweeper.scheduleWithFixedDelay(() -> {
            try {
                sweeper.sweepOnce();
            } catch (RuntimeException e) {
                log.warn("recording sweep failed: {}", e.getMessage());
            }
        }, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    // ---- end issue 15 ----
    /**
     * Issue 16: delivers the outbox. It runs on every instance, active or standby: rows are claimed
     * with an expiring lease in the database, so instances sharing a PostgreSQL never deliver one
     * event at once, and the events of an instance that died are delivered by the others.
     */
    private static org.maskline.webhooks.Dispatcher webhookDispatcher(Config config, Store store,
                                                                       org.maskline.webhooks.Target twilioCallbacks) {
        var w = config.webhooks();
        List<org.maskline.webhooks.Target> targets = new ArrayList<>();
        targets.add(twilioCallbacks); // issue 17: Twilio's callback_url and out_of_session_callback_url
        w.url().ifPresent(u -> targets.add(new org.maskline.webhooks.MasklineTarget(u, w.secret())));
        return new org.maskline.webhooks.Dispatcher(store, targets,
                org.maskline.webhooks.Dispatcher.Settings.of(w.timeout(), config.database().retention()), Clock.systemUTC());
    }

    /** The webhook dispatcher (for tests that wait for it). */
    public org.maskline.webhooks.Dispatcher webhooks() {
        return webhooks;
    }

    /** Ready when the database answers and, if active, ARI is connected; a standby is ready as a standby. */
    private Readiness readiness() {
        return new Readiness() {
            @Override
            public List<String> down() {
                List<String> down = new ArrayList<>(2);
                if (!store.isReachable()) down.add("database");
                Active a = active;
                if (a != null && !a.ari().isConnected()) down.add("ari");
                return down;
            }

            @Override
            public String role() {
                return active != null ? "active" : "standby";
            }
        };
    }

    private final class Role implements LeaseKeeper.Role {
        @Override
        public void becameActive(long epoch) {
            activate(epoch);
        }

        @Override
        public void stoppedBeingActive(String why) {
            deactivate();
        }
    }

    /** Builds and starts the ARI side. Every ARI action it takes is gated on still holding the lease. */
    private void activate(long epoch) {
        synchronized (roleChange) {
            if (stopping || active != null) return;
            var ariConf = config.ari();
            LeaseKeeper k = keeper;
            // The router needs the client for REST and the client needs the router for events: a
            // holder breaks the cycle without a container.
            CompletableFuture<CallRouter> router = new CompletableFuture<>();
            CompletableFuture<MessageRelay> relay = new CompletableFuture<>();
            AriClient ari = new AriClient(AriConfig.of("asterisk", ariConf.url(), ariConf.user(), ariConf.password(),
                    ariConf.app()), new RouterListener(router, relay), k == null ? () -> true : k::mayAct);
            CallRouter calls = new CallRouter(ari, routes(), store.calls(), CallSettings.of(config), Clock.systemUTC(),
                    new AfterTrip(MenuSettings.of(config), new CallbackService(store.callbacks(), callbackSettings, Clock.systemUTC())),
                    hooks);
            router.complete(calls);
            Recordings recordings = Recordings.start(ari, store, config.recording(), config.maxCallDuration(), Clock.systemUTC());
            calls.recorder(recordings.recorder());
            // Text messages (issue 13) go over the trunk calls use; a dial template Asterisk's message
            // layer cannot address leaves messaging off (the carrier's MESSAGEs keep getting 404).
            Messenger messenger = null;
            MessageRelay messages = null;
            var trunk = TrunkAddress.of(new org.maskline.config.DialTemplate(config.dialTemplate(), config.defaultCountry()));
            if (trunk.isPresent()) {
                TextPort port = new AriTextPort(ari, ariConf.app(), trunk.get());
                messenger = new Messenger(port, store.routes(), store.sessions(), store.messages(), config.messages(),
                        config.defaultCountry(), Clock.systemUTC());
                messages = new MessageRelay(port, messenger);
            } else {
                log.warn("{} is neither PJSIP/<user>@endpoint nor PJSIP/endpoint/URI: text messages are off",
                        Config.DIAL_TEMPLATE);
            }
            relay.complete(messages);
            active = new Active(ari, calls, recordings, messenger, messages);
            ari.start(); // the router adopts whatever calls Asterisk holds on connecting
            if (epoch > 0) log.info("active with lease epoch {}: ARI application '{}' connecting", epoch, ariConf.app());
        }
    }

    /** Lease lost: stop touching Asterisk at once. Calls stay up there; the next active instance adopts them. */
    private void deactivate() {
        synchronized (roleChange) {
            Active a = active;
            if (a == null) return;
            active = null;
            if (a.messages() != null) a.messages().close();
            a.ari().close();
            a.calls().close();
            a.recordings().close();
        }
    }

    /** The message sender while this instance is active and messaging is on; empty on a standby. */
    public Optional<Messenger> messenger() {
        Active a = active;
        return a == null ? Optional.empty() : Optional.ofNullable(a.messenger());
    }

    /** Active, connected to Asterisk, holding the lease, and not stopping: only then may a callback be placed. */
    private boolean mayPlaceCalls() {
        Active a = active;
        LeaseKeeper k = keeper;
        return !stopping && a != null && a.ari().isConnected() && (k == null || k.mayAct());
    }

    private boolean placeCallback(String callId, org.maskline.callbacks.Callback cb, java.util.function.Consumer<Boolean> onEnd) {
        Active a = active;
        if (a == null || stopping) return false;
        a.calls().placeCallback(callId, new CallbackCall(cb.id(), cb.sessionId(), cb.requester(), cb.requesterProxy(),
                cb.target(), cb.targetProxy(), r -> onEnd.accept(r.connected())));
        return true;
    }

    /** The route lookup both call paths use: the store's, behind the Twilio services' intercept callbacks. */
    private org.maskline.sessions.RouteLookup routes() {
        return twilio.intercepting(store.routes());
    }

    /** True while this instance holds the ARI application. */
    public boolean isActive() {
        return active != null;
    }

    /** The ARI client while this instance is active; null while it stands by. */
    public AriClient ari() {
        Active a = active;
        return a == null ? null : a.ari();
    }

    public Store store() {
        return store;
    }

    /**
     * Graceful stop (SIGTERM): new calls are refused (503), call set-ups in flight get up to the stop
     * timeout to finish, the call log is flushed, the lease is released so a standby takes over at
     * once, and ARI is closed last. Bridged calls stay up in Asterisk for the next instance.
     */
    @Override
    public void close() {
        long end = System.nanoTime() + config.stopTimeout().toNanos();
        Active a;
        synchronized (roleChange) {
            stopping = true;
            a = active;
        }
        if (dialer != null) dialer.close(); // no new callback from here on; calls in progress finish or are adopted
        if (a != null) {
            a.calls().refuseNewCalls();
            if (!a.calls().awaitSetupsDone(left(end))) {
                log.warn("stop: call set-ups still in flight after {}; the next instance adopts them", config.stopTimeout());
            }
            a.calls().flushCallLog(left(end).plusSeconds(2));
            // Before the lease goes: once no Maskline reads them, Asterisk would answer the carrier's
            // MESSAGEs 202 and drop them; unsubscribed, it answers 404 and the carrier knows.
            if (a.messages() != null) a.messages().stop(left(end).plusSeconds(2));
        }
        if (keeper != null) keeper.release();
        synchronized (roleChange) {
            active = null;
        }
        if (a != null) {
            if (a.messages() != null) a.messages().close();
            a.ari().close();
            a.calls().close();
            a.recordings().close();
        }
        if (recordingSweeper != null) recordingSweeper.shutdownNow();
        if (transcription != null) transcription.close();
        if (agi != null) agi.close();
        if (api != null) api.close();
        if (webhooks != null) webhooks.close();
        store.close();
        log.info("Maskline stopped{}", a != null ? " (bridged calls left up for the next instance)" : "");
    }

    private static Duration left(long end) {
        return Duration.ofNanos(Math.max(0, end - System.nanoTime()));
    }

    /** JVM metrics (heap, GC, threads) in /metrics; the registry refuses a second registration. */
    private static final class JvmMetricsOnce {
        private static boolean done;

        static synchronized void register() {
            if (!done) {
                io.prometheus.metrics.instrumentation.jvm.JvmMetrics.builder().register();
                done = true;
            }
        }
    }
}
