package org.maskline;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.maskline.agi.AgiService;
import org.maskline.api.ApiServer;
import org.maskline.api.Readiness;
import org.maskline.ari.AriClient;
import org.maskline.ari.AriConfig;
import org.maskline.calls.CallRouter;
import org.maskline.calls.CallSettings;
import org.maskline.config.Config;
import org.maskline.sessions.PhoneNumbers;
import org.maskline.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Maskline: the store, the ARI application for one Asterisk node, the FastAGI service
 * and the REST API.
 * Built by hand from the configuration, in the order the parts depend on each other, and closed
 * in the reverse order.
 */
public final class Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Server.class);

    private final Store store;
    private final CallRouter calls;
    private final AriClient ari;
    private final ApiServer api;
    private final AgiService agi;

    private Server(Store store, CallRouter calls, AriClient ari, ApiServer api, AgiService agi) {
        this.store = store;
        this.calls = calls;
        this.ari = ari;
        this.api = api;
        this.agi = agi;
    }

    public static Server start(Config config) {
        JvmMetricsOnce.register();
        PhoneNumbers.logRealNumbers(config.logRealNumbers());
        Store store = Store.open(config);
        store.startSweeper(config.database().sweepInterval());
        var ariConf = config.ari();
        // The router needs the client for REST and the client needs the router for events: a
        // holder breaks the cycle without a container.
        CompletableFuture<CallRouter> router = new CompletableFuture<>();
        AriClient ari = new AriClient(AriConfig.of("asterisk", ariConf.url(), ariConf.user(), ariConf.password(),
                ariConf.app()), new RouterListener(router));
        CallRouter calls = new CallRouter(ari, store.routes(), store.calls(), CallSettings.of(config), Clock.systemUTC());
        router.complete(calls);
        ApiServer api;
        try {
            api = new ApiServer(config, store, Readiness.of(store::isReachable, ari::isConnected)).start();
        } catch (RuntimeException e) {
            calls.close();
            store.close();
            throw e;
        }
        AgiService agi = config.agiAddr().map(a -> AgiService.start(a, config.agiAllow(), store.routes(), config.dialTemplate(),
                config.defaultCountry(), (int) config.ringTimeout().toSeconds())).orElse(null); // FastAGI off unless set
        ari.start();
        log.info("Maskline started: ARI {} app {}, store {}", ariConf.url(), ariConf.app(),
                store.isPostgres() ? "PostgreSQL" : "H2");
        return new Server(store, calls, ari, api, agi);
    }

    public AriClient ari() {
        return ari;
    }

    public Store store() {
        return store;
    }

    @Override
    public void close() {
        api.close();
        if (agi != null) agi.close();
        ari.close();
        calls.close();
        store.close();
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
