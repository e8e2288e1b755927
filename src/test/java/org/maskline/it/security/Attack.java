package org.maskline.it.security;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.maskline.Server;
import org.maskline.config.Config;
import org.maskline.it.Sandbox;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;

/**
 * What the attack tests share: a Maskline as users run it ({@link Server#start}, on an in-memory
 * H2 and the sandbox's ARI), the addresses, and SIPp phones.
 */
final class Attack implements AutoCloseable {
    /** The carrier's address in the sandbox (scripts/sandbox/asterisk/pjsip_site.conf). */
    static final String CARRIER = "127.0.0.1";
    /** A stranger: any loopback address the sandbox does not identify. */
    static final String STRANGER = "127.0.0.3";
    static final String POOL_A = "+15550100";
    static final String POOL_B = "+15550101";
    static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 1_000_000));

    final Server maskline;

    private Attack(Server maskline) {
        this.maskline = maskline;
    }

    /** Starts Maskline with the sandbox's settings (and {@code extra} keys), connected to ARI. */
    static Attack start(Map<String, String> extra) throws Exception {
        Sandbox.get();
        Map<String, String> env = new HashMap<>(Map.of(
                Config.API_KEYS, "security-it-" + UUID.randomUUID(),
                Config.HTTP_ADDR, "127.0.0.1:" + freeTcpPort(),
                Config.DB_URL, "jdbc:h2:mem:security-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                Config.DB_USER, "sa",
                Config.ARI_URL, Sandbox.ARI_URL,
                Config.ARI_USER, Sandbox.ARI_USER,
                Config.ARI_PASSWORD, Sandbox.ARI_PASSWORD,
                Config.ARI_APP, Sandbox.ARI_APP,
                Config.DEFAULT_COUNTRY, "ES",
                Config.RING_TIMEOUT_SECONDS, "4"));
        env.putAll(extra);
        Server server = Server.start(Config.load(env, Optional.empty()));
        try {
            server.ari().whenConnected().get(10, TimeUnit.SECONDS);
            server.store().numbers().add(POOL_A);
            server.store().numbers().add(POOL_B);
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return new Attack(server);
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A real number no other test uses. */
    static String freshNumber() {
        return String.format("+347%08d", NEXT.incrementAndGet() % 100_000_000);
    }

    Session openSession(String rider, String driver) {
        return maskline.store().sessions().create(new NewSession(new NewParticipant(rider, "rider"),
                new NewParticipant(driver, "driver"), Instant.now().plus(Duration.ofHours(1)), null));
    }

    static String proxyOf(Session s, String number) {
        return s.participants().stream().filter(p -> p.number().equals(number)).findFirst().orElseThrow().proxyNumber();
    }

    /** Every callee phone, on the carrier side (where the trunk sends outbound calls). */
    static SippPhone callees(Sandbox sandbox, int calls) throws Exception {
        return SippPhone.scenario("callee").fill("RING_MS", 200).fill("HOLD_MS", 60_000)
                .port(Sandbox.CARRIER_PORT).arg("-m", String.valueOf(calls)).listen(sandbox);
    }

    /** An ordinary caller phone on {@code ip}. */
    static SippPhone caller(Sandbox sandbox, String ip, String from, String dialed) throws Exception {
        return SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_000)
                .localIp(ip).call(from, dialed, "Caller").dial(sandbox);
    }

    /** The final responses a phone got to its INVITEs. */
    static List<Integer> finalResponses(SippPhone phone) {
        return phone.received().stream().filter(m -> !m.isRequest() && m.method().equals("INVITE"))
                .map(SipMessage::status).filter(s -> s >= 200).toList();
    }

    /** Every response a phone got to its INVITEs, provisional ones included. */
    static List<Integer> responses(SippPhone phone) {
        return phone.received().stream().filter(m -> !m.isRequest() && m.method().equals("INVITE"))
                .map(SipMessage::status).filter(s -> s > 100).toList();
    }

    /** Asterisk's count of calls that ever ran its dialplan ({@code core show channels count}). */
    static long callsProcessed(Sandbox sandbox) {
        Matcher m = Pattern.compile("(\\d+) calls? processed").matcher(sandbox.cli("core show channels count"));
        if (!m.find()) throw new AssertionError("no 'calls processed' in core show channels count");
        return Long.parseLong(m.group(1));
    }

    @Override
    public void close() {
        maskline.close();
    }
}
