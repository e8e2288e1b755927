package org.maskline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.maskline.api.ApiServer;
import org.maskline.config.HostPort;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.Store;
import org.maskline.store.StoreSettings;

/** The command line against a real API server on H2. */
class CliTest {
    private static final String KEY = "cli-test-key-0123456789";
    private Store store;
    private ApiServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        store = Store.open(new StoreSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4,
                Duration.ofDays(90)), Clock.systemUTC());
        server = new ApiServer(new HostPort("127.0.0.1", 0), List.of(KEY),
                new SessionPolicy("ES", Duration.ofHours(4), Clock.systemUTC()), store).start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private int cli(String group, String... rest) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        String[] args = new String[rest.length + 5];
        args[0] = group;
        args[1] = "--url";
        args[2] = "http://127.0.0.1:" + server.port();
        args[3] = "--key";
        args[4] = KEY;
        System.arraycopy(rest, 0, args, 5, rest.length);
        return Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void addsNumbersOpensShowsAndClosesASession() throws Exception {
        assertEquals(0, cli("numbers", "add", "+15550100", "+15550101"), err.toString());
        assertEquals(0, cli("numbers", "list"));
        assertTrue(out.toString().contains("+15550101"), out.toString());

        assertEquals(0, cli("sessions", "open", "0034600111222", "+34600333444", "--labels", "rider,driver",
                "--reference", "trip-1"), err.toString());
        JsonNode session = new ObjectMapper().readTree(out.toString());
        assertEquals("+34600111222", session.path("participants").get(0).path("number").asText());
        String id = session.path("id").asText();

        assertEquals(0, cli("sessions", "show", "--reference", "trip-1"));
        assertTrue(out.toString().contains(id));
        assertEquals(0, cli("sessions", "close", id));
        assertTrue(out.toString().contains("\"closed\""), out.toString());
        assertEquals(0, cli("calls", "tail", "--once"));
    }

    @Test
    void errorsAreReportedWithTheApisAnswerAndANonZeroCode() {
        assertEquals(3, cli("sessions", "show", "no-such-session"));
        assertTrue(err.toString().contains("HTTP 404"), err.toString());
        assertEquals(1, cli("sessions", "open", "garbage", "+34600333444"));
        assertTrue(err.toString().contains("invalid_number"), err.toString());
    }

    @Test
    void aWrongKeyIsRefused() {
        out.getBuffer().setLength(0);
        int rc = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true),
                "numbers", "--url", "http://127.0.0.1:" + server.port(), "--key", "wrong-key-0123456789", "list");
        assertEquals(1, rc);
        assertTrue(err.toString().contains("401"), err.toString());
    }

    private void endedCalls(String prefix, int n, java.time.Instant at) {
        for (int i = 0; i < n; i++) {
            java.time.Instant t = at.plusMillis(i);
            store.calls().finished(new org.maskline.store.CallRecord(prefix + "-" + i, null, "+34600999999", null, "+15550100",
                    t, null, t, org.maskline.store.CallOutcome.REJECTED, "21"));
        }
    }

    @Test
    void callsTailFollowsBeyondOnePageAndOncePrintsTheNewest() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        endedCalls("a", 150, now.minusSeconds(10));
        assertEquals(0, cli("calls", "tail", "--once"));
        List<String> lines = out.toString().lines().toList();
        assertEquals(100, lines.size());
        assertTrue(lines.getLast().contains("\"a-149\""), "the newest call last: " + lines.getLast());
        assertTrue(lines.getFirst().contains("\"a-50\""), lines.getFirst());

        CallTail tail = new CallTail(new ApiClient("http://127.0.0.1:" + server.port(), KEY), now.minusSeconds(60), 100,
                Clock.systemUTC());
        List<String> first = tail.poll().stream().map(c -> c.path("id").asText()).toList();
        assertEquals(150, first.size(), "beyond one page of 100");
        assertEquals("a-0", first.getFirst());
        assertEquals("a-149", first.getLast());
        endedCalls("b", 120, now.minusSeconds(5));
        List<String> second = tail.poll().stream().map(c -> c.path("id").asText()).toList();
        assertEquals(120, second.size(), "only the new ones: " + second);
        assertTrue(second.stream().allMatch(id -> id.startsWith("b-")), second.toString());
        assertEquals(List.of(), tail.poll());
    }
}
