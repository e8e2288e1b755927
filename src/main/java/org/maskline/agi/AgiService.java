package org.maskline.agi;

import java.io.IOException;
import java.net.InetAddress;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.maskline.config.HostPort;
import org.maskline.sessions.RouteLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The FastAGI server ({@code MASKLINE_AGI_ADDR}), on asterisk-java's server: it only answers {@code /route}. */
public final class AgiService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgiService.class);

    private final DefaultAgiServer server;
    private final Thread thread;

    private AgiService(DefaultAgiServer server, Thread thread) {
        this.server = server;
        this.thread = thread;
    }

    public static AgiService start(HostPort address, RouteLookup routes, String dialTemplate, String defaultCountry,
                                   int ringTimeoutSeconds) {
        DefaultAgiServer server = new DefaultAgiServer(new RouteScript(routes, dialTemplate, defaultCountry, ringTimeoutSeconds));
        server.setPort(address.port());
        try {
            server.setAddress(InetAddress.getByName(address.host()));
        } catch (IOException e) {
            throw new IllegalStateException("MASKLINE_AGI_ADDR: cannot resolve " + address.host(), e);
        }
        Thread t = Thread.ofPlatform().daemon().name("maskline-agi").start(() -> {
            try {
                server.startup();
            } catch (IOException | IllegalStateException e) {
                log.error("FastAGI server on {} stopped: {}", address, e.getMessage());
            }
        });
        log.info("FastAGI listening on {} (agi://{}/route)", address, address);
        return new AgiService(server, t);
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IllegalStateException ignored) {
            // never started, or already stopped
        }
        thread.interrupt();
    }
}
