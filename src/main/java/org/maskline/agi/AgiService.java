package org.maskline.agi;

import java.io.IOException;
import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.util.ServerSocketFacade;
import org.asteriskjava.util.SocketConnectionFacade;
import org.maskline.config.HostPort;
import org.maskline.sessions.RouteLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FastAGI server ({@code MASKLINE_AGI_ADDR}), on asterisk-java's server: it only answers
 * {@code /route}, and only to the peers in the allow list ({@code MASKLINE_AGI_ALLOW}).
 *
 * <p>Its answers carry a participant's real number, so a peer outside the allow list is closed
 * as soon as it connects, before a byte is read or written: it learns nothing but that the port
 * is open.
 */
public final class AgiService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgiService.class);

    private final DefaultAgiServer server;
    private final Thread thread;

    private AgiService(DefaultAgiServer server, Thread thread) {
        this.server = server;
        this.thread = thread;
    }

    /**
     * Starts listening on {@code address}.
     *
     * @param allow the peers' IP addresses (literals) that get an answer; nobody else does
     */
    public static AgiService start(HostPort address, List<String> allow, RouteLookup routes, String dialTemplate,
                                   String defaultCountry, int ringTimeoutSeconds) {
        return start(address, allow, routes, dialTemplate, defaultCountry, ringTimeoutSeconds, org.maskline.calls.RouteHooks.NONE);
    }

    /** As above, with the backend's hooks (intercept, routing webhook) asked as on the ARI path. */
    public static AgiService start(HostPort address, List<String> allow, RouteLookup routes, String dialTemplate,
                                   String defaultCountry, int ringTimeoutSeconds, org.maskline.calls.RouteHooks hooks) {
        Set<InetAddress> peers = peers(allow);
        DefaultAgiServer server = new AllowListServer(new RouteScript(routes, dialTemplate, defaultCountry, ringTimeoutSeconds,
                hooks), peers);
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
        log.info("FastAGI listening on {} (agi://{}/route), answering only {}", address, address, allow);
        return new AgiService(server, t);
    }

    private static Set<InetAddress> peers(List<String> allow) {
        if (allow.isEmpty()) {
            throw new IllegalArgumentException("MASKLINE_AGI_ALLOW: needs at least one peer IP address");
        }
        Set<InetAddress> peers = new LinkedHashSet<>();
        for (String ip : allow) {
            // Literals only (Config checks it): a name here would be a DNS lookup an attacker may steer.
            if (!ip.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException("MASKLINE_AGI_ALLOW: not an IP address: " + ip);
            }
            try {
                peers.add(InetAddress.getByName(ip));
            } catch (IOException e) {
                throw new IllegalArgumentException("MASKLINE_AGI_ALLOW: not an IP address: " + ip, e);
            }
        }
        return Set.copyOf(peers);
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

    /** asterisk-java's server, with its accepted connections filtered by peer address. */
    private static final class AllowListServer extends DefaultAgiServer {
        private final Set<InetAddress> peers;

        AllowListServer(RouteScript script, Set<InetAddress> peers) {
            super(script);
            this.peers = peers;
        }

        @Override
        protected ServerSocketFacade createServerSocket() throws IOException {
            return new Filtered(super.createServerSocket(), peers);
        }
    }

    /** Hands the server only connections from allowed peers; closes the others unanswered. */
    private record Filtered(ServerSocketFacade inner, Set<InetAddress> peers, AtomicLong refused) implements ServerSocketFacade {
        Filtered(ServerSocketFacade inner, Set<InetAddress> peers) {
            this(inner, peers, new AtomicLong());
        }

        @Override
        public SocketConnectionFacade accept() throws IOException {
            while (true) {
                SocketConnectionFacade s = inner.accept();
                if (s == null || peers.contains(s.getRemoteAddress())) {
                    return s;
                }
                InetAddress peer = s.getRemoteAddress();
                try {
                    s.close();
                } catch (IOException ignored) {
                    // it is gone either way
                }
                long n = refused.incrementAndGet();
                // Logged at 1, 2, 4, 8... refusals: a peer hammering the port cannot flood the log.
                if (Long.bitCount(n) == 1) {
                    log.warn("FastAGI: closed a connection from {}, which is not in MASKLINE_AGI_ALLOW ({} refused so far)",
                            peer == null ? "?" : peer.getHostAddress(), n);
                }
            }
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }

        @Override
        public void setSocketReadTimeout(int timeout) {
            inner.setSocketReadTimeout(timeout);
        }
    }
}
