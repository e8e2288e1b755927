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

    private int raw(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void sharedOptionsWorkInAnyPosition() {
        String url = "http://127.0.0.1:" + server.port();
        assertEquals(0, raw("numbers", "add", "+15550100", "--url", url, "--key", KEY), err.toString());
        assertEquals(0, raw("numbers", "list", "--key", KEY, "--url", url), err.toString());
        assertTrue(out.toString().contains("+15550100"), out.toString());
        assertEquals(0, raw("--url", url, "numbers", "--key", KEY, "list", "--limit", "5"), err.toString());
        assertTrue(out.toString().contains("+15550100"), out.toString());
        assertEquals(0, raw("sessions", "open", "--labels", "rider,driver", "+34600111222", "--url", url,
                "+34600333444", "--key", KEY, "--ttl", "60"), err.toString());
        assertTrue(out.toString().contains("\"rider\""), out.toString());
    }

    /** Every command, leaves included, answers --help with its usage and named option values. */
    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = new java.util.ArrayList<>();
        collect(Cli.commandLine(), new java.util.ArrayList<>(), paths);
        assertTrue(paths.size() >= 10, "commands found: " + paths);
        for (List<String> path : paths) {
            List<String> args = new java.util.ArrayList<>(path);
            args.add("--help");
            assertEquals(0, raw(args.toArray(String[]::new)), path + ": " + err);
            String help = out.toString();
            assertTrue(help.startsWith("Usage: maskline"), path + ": " + help);
            assertTrue(!help.contains("<arg"), path + " shows an unnamed value: " + help);
            assertTrue(help.contains("--url=URL") && help.contains("--key=KEY"), path + ": " + help);
        }
    }

    private static void collect(picocli.CommandLine cl, List<String> prefix, List<List<String>> into) {
        into.add(List.copyOf(prefix));
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> p = new java.util.ArrayList<>(prefix);
            p.add(name);
            collect(sub, p, into);
        });
    }

    @Test
    void versionIsPrintedFromAnyCommand() {
        assertEquals(0, raw("--version"));
        assertTrue(out.toString().matches("maskline \\d+\\.\\d+\\.\\d+\\S* \\(Java \\d+\\)\\s*"), out.toString());
        assertEquals(0, raw("sessions", "open", "--version"));
        assertTrue(out.toString().startsWith("maskline "), out.toString());
    }

    @Test
    void noKeyIsOneClearLineAndNothingIsSent() {
        // An address where nothing listens: had the command tried to send, it would say "cannot reach".
        assertEquals(2, raw("numbers", "list", "--url", "http://127.0.0.1:9", "--key", ""));
        assertEquals(List.of("maskline: no API key: set MASKLINE_API_KEY (one of the server's MASKLINE_API_KEYS) or pass --key KEY"),
                err.toString().lines().toList());
        assertEquals("", out.toString());
    }

    @Test
    void aWrongOptionSaysWhereHelpIs() {
        assertEquals(2, raw("sessions", "open", "+34600111222", "--nope", "+34600333444"));
        assertTrue(err.toString().contains("Unknown option: '--nope'"), err.toString());
        assertTrue(err.toString().contains("Try 'maskline sessions open --help'."), err.toString());
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

    // ---- issue 13: messages -----------------------------------------------------------------------

    private static org.maskline.store.MessageRecord row(String id, java.time.Instant at) {
        return new org.maskline.store.MessageRecord(id, null, "+34600111222", null, "+15550100",
                org.maskline.store.MessageDirection.INBOUND, org.maskline.store.MessageStatus.REJECTED, "unknown_sender",
                at, 4, null);
    }

    @Test
    void messagesTailPrintsEachLoggedMessageOnceOldestFirst() throws Exception {
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        store.messages().add(row("m1", now.minusSeconds(2)));
        store.messages().add(row("m2", now.minusSeconds(1)));
        assertEquals(0, cli("messages", "tail", "--once"), err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out.toString());
        assertEquals("m1", new ObjectMapper().readTree(lines.get(0)).path("id").asText(), "oldest first");

        MessageTail tail = new MessageTail(new ApiClient("http://127.0.0.1:" + server.port(), KEY), now.minusSeconds(60), 1);
        assertEquals(List.of("m1", "m2"), tail.poll().stream().map(m -> m.path("id").asText()).toList(), "every page");
        store.messages().add(row("m3", now));
        assertEquals(List.of("m3"), tail.poll().stream().map(m -> m.path("id").asText()).toList(), "only what is new");
        assertEquals(List.of(), tail.poll());
    }

    @Test
    void sessionsOpenTakesAModeAndMessagesSendSaysWhyNothingWasSent() throws Exception {
        assertEquals(0, cli("numbers", "add", "+15550100", "+15550101"), err.toString());
        assertEquals(0, cli("sessions", "open", "+34600111222", "+34600333444", "--labels", "rider,driver",
                "--mode", "message"), err.toString());
        JsonNode session = new ObjectMapper().readTree(out.toString());
        assertEquals("message", session.path("mode").asText());
        // This API server has no ARI connection (as on a standby): 503, and the command says so.
        assertEquals(1, cli("messages", "send", session.path("id").asText(), "--to", "rider", "hola"));
        assertTrue(err.toString().contains("503") && err.toString().contains("asterisk_unavailable"), err.toString());
        assertEquals(2, cli("sessions", "open", "+34600111222", "+34600333444", "--mode"), "a missing value is a usage error");
    }
}
