package org.maskline.it.messages;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.maskline.Server;
import org.maskline.config.Config;
import org.maskline.it.AriProbe;
import org.maskline.it.Sandbox;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionMode;
import org.maskline.store.MessageRecord;
import org.maskline.store.MessageRepository;

/**
 * What the messaging tests share: a Maskline as users run it ({@link Server#start}, in-memory H2,
 * the sandbox's ARI), its REST API, the carrier's sending phone and the recipients' phones.
 */
final class Texting implements AutoCloseable {
    static final String POOL_A = "+15550100";
    static final String POOL_B = "+15550101";
    static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final AtomicInteger NEXT = new AtomicInteger((int) (System.nanoTime() % 1_000_000));
    static final ObjectMapper JSON = new ObjectMapper();

    final Server maskline;
    final String apiKey;
    final int apiPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Texting(Server maskline, String apiKey, int apiPort) {
        this.maskline = maskline;
        this.apiKey = apiKey;
        this.apiPort = apiPort;
    }

    /** Starts Maskline with the sandbox's settings and {@code extra} keys; returns once it takes the trunk's messages. */
    static Texting start(Map<String, String> extra) throws Exception {
        Sandbox.get();
        String key = "messages-it-" + UUID.randomUUID();
        int port = freeTcpPort();
        Map<String, String> env = new HashMap<>(Map.of(
                Config.API_KEYS, key,
                Config.HTTP_ADDR, "127.0.0.1:" + port,
                Config.DB_URL, "jdbc:h2:mem:messages-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
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
            awaitSubscribed(true);
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return new Texting(server, key, port);
    }

    /** Waits until the application is (or is no longer) subscribed to the trunk's messages. */
    static void awaitSubscribed(boolean subscribed) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        try (AriProbe probe = new AriProbe()) {
            while (System.nanoTime() < end) {
                boolean has = false;
                try {
                    JsonNode app = probe.get("/applications/" + Sandbox.ARI_APP);
                    for (JsonNode e : app.path("endpoint_ids")) has |= e.asText().equals("PJSIP/trunk");
                } catch (IllegalStateException e) {
                    // 404: the application is gone altogether (no socket, no subscription): nothing is subscribed.
                    if (!String.valueOf(e.getMessage()).contains("404")) throw e;
                }
                if (has == subscribed) return;
                Thread.sleep(20); // polling ARI with a deadline: the subscription is made on connect, asynchronously
            }
        }
        throw new AssertionError("the application did not " + (subscribed ? "subscribe to" : "unsubscribe from")
                + " PJSIP/trunk within " + DEADLINE);
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A real number no other test uses. */
    static String freshNumber() {
        return String.format("+348%08d", NEXT.incrementAndGet() % 100_000_000);
    }

    Session openSession(String rider, String driver, SessionMode mode) {
        return maskline.store().sessions().create(new NewSession(new NewParticipant(rider, "rider"),
                new NewParticipant(driver, "driver"), Instant.now().plus(Duration.ofHours(1)), null, mode));
    }

    static String proxyOf(Session s, String number) {
        return s.participants().stream().filter(p -> p.number().equals(number)).findFirst().orElseThrow().proxyNumber();
    }

    /** The recipients' phones: the carrier side, where the trunk sends every MESSAGE; takes {@code messages} of them. */
    static SippPhone recipients(Sandbox sandbox, int messages) throws Exception {
        return SippPhone.scenario("message-sink").port(Sandbox.CARRIER_PORT).arg("-m", String.valueOf(messages)).listen(sandbox);
    }

    /** The carrier sending one MESSAGE per {@code (sender, serviceNumber, text)}; each must get 202. */
    static SippPhone.Builder carrier() {
        return SippPhone.scenario("message-sender").fill("EXPECT", 202);
    }

    static List<SipMessage> messagesReceived(SippPhone phone) {
        return phone.received().stream().filter(m -> m.isRequest() && m.method().equals("MESSAGE")).toList();
    }

    /** No message the phone received carries any of these numbers, in any shape (the national part catches them all). */
    static void assertShownNothingOf(SippPhone phone, Collection<String> realNumbers) {
        for (SipMessage m : phone.received()) {
            assertShownNothingOf(m, realNumbers);
        }
    }

    static void assertShownNothingOf(SipMessage m, Collection<String> realNumbers) {
        for (String n : realNumbers) {
            String national = n.replace("+", "").substring(2);
            assertFalse(m.raw().contains(national), () -> "leaked " + n + " in:\n" + m.raw());
        }
    }

    /** The message-log rows whose {@code from} is {@code from}, waiting until {@code count} exist. */
    List<MessageRecord> awaitRows(Predicate<MessageRecord> match, int count) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        List<MessageRecord> rows = List.of();
        while (System.nanoTime() < end) {
            rows = rows(match);
            if (rows.size() >= count) return rows;
            Thread.sleep(20); // polling the store with a deadline: rows are written by the relay's threads
        }
        throw new AssertionError("expected " + count + " message rows, found " + rows.size() + ": " + rows);
    }

    List<MessageRecord> rows(Predicate<MessageRecord> match) {
        return maskline.store().messages().page(MessageRepository.Query.all(), 1000, Optional.empty()).items().stream()
                .filter(match).toList();
    }

    HttpResponse<String> api(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .header("Authorization", "Bearer " + apiKey).timeout(Duration.ofSeconds(15));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asterisk's taskprocessors that hold work now ({@code core show taskprocessors}: name, processed, in queue, ...). */
    static List<String> busyQueues(Sandbox sandbox) {
        String out = sandbox.cli("core show taskprocessors");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+\\d+").matcher(out);
        List<String> busy = new java.util.ArrayList<>();
        boolean sawMsgQueue = false;
        while (m.find()) {
            sawMsgQueue |= m.group(1).equals("ast_msg_queue");
            if (Long.parseLong(m.group(3)) > 0) busy.add(m.group(1) + " holds " + m.group(3));
        }
        if (!sawMsgQueue) throw new AssertionError("no ast_msg_queue in core show taskprocessors:\n" + out);
        return busy;
    }

    /** Waits until no taskprocessor holds work; returns the ones still busy at the deadline. */
    static List<String> awaitQueuesEmpty(Sandbox sandbox) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        List<String> busy;
        do {
            busy = busyQueues(sandbox);
            if (busy.isEmpty()) return busy;
            Thread.sleep(50); // polling Asterisk's CLI with a deadline: nothing announces an empty queue
        } while (System.nanoTime() < end);
        return busy;
    }

    @Override
    public void close() {
        maskline.close();
    }
}
