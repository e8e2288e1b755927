package org.maskline.it;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.maskline.ari.AriClient;
import org.maskline.ari.AriConfig;
import org.maskline.ari.AriEvent;
import org.maskline.ari.AriListener;
import org.maskline.calls.CallRouter;
import org.maskline.calls.CallSettings;
import org.maskline.config.Unroutable;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.store.CallRecord;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;

/**
 * Maskline's call path, in process, against the real sandbox: the ARI client, the call router and
 * a store on H2. Settings can change between tests; the ARI connection stays up.
 */
public final class CallFixture implements AutoCloseable {
    public static final String POOL_A = "+15550100";
    public static final String POOL_B = "+15550101";
    private static final AtomicInteger NEXT_NUMBER = new AtomicInteger((int) (System.nanoTime() % 100_000));

    public final Store store;
    private volatile AriClient ari;
    private volatile CallRouter router;
    private volatile CallSettings settings;
    private volatile org.maskline.calls.AfterTrip afterTrip = org.maskline.calls.AfterTrip.defaults();
    private final Clock clock = Clock.systemUTC();

    private CallFixture(Store store) {
        this.store = store;
        this.ari = newClient();
    }

    private AriClient newClient() {
        return new AriClient(AriConfig.of("sandbox", URI.create(Sandbox.ARI_URL), Sandbox.ARI_USER,
                Sandbox.ARI_PASSWORD, Sandbox.ARI_APP), new AriListener() {
            @Override
            public void onEvent(AriEvent event) {
                router.onEvent(event);
            }

            @Override
            public void onConnected(boolean reconnected) {
                router.onConnected(reconnected);
            }

            @Override
            public void onDisconnected(Throwable cause) {
                router.onDisconnected(cause);
            }
        });
    }

    public static CallFixture start(CallSettings settings) throws Exception {
        Sandbox.get();
        Store store = Store.open(new StoreSettings("jdbc:h2:mem:calls-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "", 4, Duration.ofDays(1)), Clock.systemUTC());
        store.numbers().add(POOL_A);
        store.numbers().add(POOL_B);
        CallFixture f = new CallFixture(store);
        f.use(settings);
        f.ari.start();
        f.ari.whenConnected().get(10, TimeUnit.SECONDS);
        return f;
    }

    public static CallSettings settings() {
        return new CallSettings(Sandbox.ARI_APP, "PJSIP/{number}@trunk", Duration.ofSeconds(4), Duration.ZERO,
                "ES", new Unroutable.Reject(), "ss-noservice");
    }

    /** The settings calls are routed with now. */
    public CallSettings currentSettings() {
        return settings;
    }

    /** Routes calls with these settings from now on. */
    public void use(CallSettings settings) {
        use(settings, org.maskline.calls.AfterTrip.defaults());
    }

    /** Routes calls with these settings and this menu and callback wiring (issue 14) from now on. */
    public void use(CallSettings settings, org.maskline.calls.AfterTrip afterTrip) {
        this.settings = settings;
        this.afterTrip = afterTrip;
        CallRouter old = router;
        router = new CallRouter(ari, store.routes(), store.calls(), settings, clock, afterTrip);
        attachRecorder();
        if (old != null) old.close();
    }

    // ---- issue 15: recording, as the server wires it, for every call path this fixture starts ----
    private volatile org.maskline.config.RecordingConfig recording;
    private volatile org.maskline.recordings.Recordings recordings;

    /** Records the calls of sessions that ask for it, from now on and across restarts. */
    public void record(org.maskline.config.RecordingConfig config) {
        this.recording = config;
        attachRecorder();
    }

    private void attachRecorder() {
        if (recordings != null) recordings.close();
        recordings = null;
        if (recording == null || router == null) return;
        recordings = org.maskline.recordings.Recordings.start(ari, store, recording, settings.maxCall(), clock);
        router.recorder(recordings.recorder());
    }

    private void stopRecorder() {
        if (recordings != null) recordings.close();
        recordings = null;
    }

    /** The ARI client in use now. */
    public AriClient ari() {
        return ari;
    }
    // ---- end issue 15 ----

    /** Routes calls with these settings and a stand-in store, for fault injection. */
    public void use(CallSettings settings, org.maskline.sessions.RouteLookup routes, org.maskline.store.CallLog log) {
        this.settings = settings;
        CallRouter old = router;
        router = new CallRouter(ari, routes, log, settings, clock);
        if (old != null) old.close();
    }

    /** Routes calls with these settings and the backend's hooks (issue 16: intercept, routing webhook). */
    public void use(CallSettings settings, org.maskline.calls.RouteHooks hooks) {
        this.settings = settings;
        CallRouter old = router;
        router = new CallRouter(ari, store.routes(), store.calls(), settings, clock, hooks);
        attachRecorder();
        if (old != null) old.close();
    }

    /** Stops this Maskline's call path and starts a new one, as a process restart would. */
    public void restart() throws Exception {
        ari.close();
        router.close();
        stopRecorder();
        ari = newClient();
        router = new CallRouter(ari, store.routes(), store.calls(), settings, clock, afterTrip);
        attachRecorder();
        ari.start();
        ari.whenConnected().get(10, TimeUnit.SECONDS);
    }

    /** Stops this Maskline's call path: from now on no Maskline is connected (a gap), until {@link #startAgain}. */
    public void stop() {
        ari.close();
        router.close();
        stopRecorder();
    }

    /** Starts a new Maskline after {@link #stop}, as a new process would. */
    public void startAgain() throws Exception {
        ari = newClient();
        router = new CallRouter(ari, store.routes(), store.calls(), settings, clock, afterTrip);
        attachRecorder();
        ari.start();
        ari.whenConnected().get(10, TimeUnit.SECONDS);
    }

    /** The call path in use now. */
    public CallRouter router() {
        return router;
    }

    /** A real number no other test uses. */
    public static String freshNumber() {
        return String.format("+346%08d", NEXT_NUMBER.incrementAndGet() % 100_000_000);
    }

    public Session openSession(String rider, String driver) {
        return store.sessions().create(new NewSession(new NewParticipant(rider, "rider"),
                new NewParticipant(driver, "driver"), Instant.now().plus(Duration.ofHours(1)), null));
    }

    public static String proxyOf(Session s, String number) {
        return s.participants().stream().filter(p -> p.number().equals(number)).findFirst().orElseThrow().proxyNumber();
    }

    /** The finished call-log row of the call from {@code caller}, waiting for it with a deadline. */
    public CallRecord awaitFinishedCall(String caller, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            Optional<CallRecord> r = callsFrom(caller).stream().filter(c -> c.outcome() != null).findFirst();
            if (r.isPresent()) return r.get();
            Thread.sleep(20); // polling the store with a deadline: the row is written by another thread
        }
        throw new AssertionError("no finished call from " + caller + " within " + deadline + "; rows: " + callsFrom(caller));
    }

    public List<CallRecord> callsFrom(String caller) {
        return store.calls().search(Optional.empty(), Optional.empty(), 1000).stream()
                .filter(c -> c.caller().equals(caller)).toList();
    }

    @Override
    public void close() {
        ari.close();
        if (router != null) router.close();
        stopRecorder();
        store.close();
    }
}
