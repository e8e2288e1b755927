package org.maskline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maskline numbers|sessions|calls ...}: a sysadmin's view of a running Maskline, through
 * its REST API. Prints the API's JSON, one object per line, so it pipes into jq or grep.
 */
@Command(name = "maskline", mixinStandardHelpOptions = true,
        description = "Talk to a running Maskline through its REST API.",
        subcommands = {Cli.Numbers.class, Cli.Sessions.class, Cli.Calls.class})
public final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where and how to reach the API; shared by every command. */
    static final class Target {
        @Option(names = "--url", description = "the API's base URL (env MASKLINE_URL, default http://127.0.0.1:8080)")
        String url = env("MASKLINE_URL", "http://127.0.0.1:8080");

        @Option(names = "--key", description = "an API key (env MASKLINE_API_KEY, else the first of MASKLINE_API_KEYS)")
        String key = env("MASKLINE_API_KEY", env("MASKLINE_API_KEYS", "").split(",")[0].strip());

        ApiClient client() {
            return new ApiClient(url, key);
        }
    }

    /** Runs a command line; returns the process exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Cli()).setOut(out).setErr(err).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("maskline: " + e.getMessage());
            return 1;
        }).execute(args);
    }

    /** Whether {@code args} names a client command rather than the server's options. */
    public static boolean isClientCommand(String[] args) {
        return args.length > 0 && Set.of("numbers", "sessions", "calls").contains(args[0]);
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static int print(ApiClient.Reply r, PrintWriter out, PrintWriter err) {
        if (r.ok()) {
            if (!r.body().isBlank()) out.println(r.body());
            return 0;
        }
        err.println("maskline: HTTP " + r.status() + " " + r.body());
        return r.status() == 404 ? 3 : 1;
    }

    /** Prints every page of a list, one page's JSON per line, following nextCursor to the end. */
    static int printAll(ApiClient client, String first, PrintWriter out, PrintWriter err) {
        String cursor = null;
        do {
            ApiClient.Reply r = client.send("GET", cursor == null ? first : first + "&cursor=" + path(cursor), null);
            int rc = print(r, out, err);
            if (rc != 0) {
                return rc;
            }
            try {
                JsonNode next = JSON.readTree(r.body()).path("nextCursor");
                cursor = next.isTextual() ? next.asText() : null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } while (cursor != null);
        return 0;
    }

    static String path(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Command(name = "numbers", description = "The pool of service numbers.", mixinStandardHelpOptions = true)
    static final class Numbers {
        @CommandLine.Mixin Target target;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Command(name = "add", description = "Add service numbers to the pool.")
        int add(@Parameters(paramLabel = "NUMBER", arity = "1..*") String[] numbers) {
            int rc = 0;
            for (String n : numbers) {
                ObjectNode body = JSON.createObjectNode().put("number", n);
                rc = Math.max(rc, print(target.client().send("POST", "/v1/numbers", body.toString()), out(), err()));
            }
            return rc;
        }

        @Command(name = "list", description = "List the pool, newest first, with each number's open sessions (one page per line).")
        int list(@Option(names = "--limit", defaultValue = "100", description = "numbers per page (1 to 1000)") int limit) {
            return printAll(target.client(), "/v1/numbers?limit=" + limit, out(), err());
        }

        @Command(name = "retire", description = "Retire a number: no new sessions; removed once none uses it.")
        int retire(@Parameters(paramLabel = "NUMBER") String number) {
            ApiClient.Reply r = target.client().send("DELETE", "/v1/numbers/" + path(number), null);
            if (r.status() == 202) out().println("draining: " + number + " is removed when its open sessions end");
            if (r.status() == 204) out().println("removed: " + number);
            return r.ok() ? 0 : print(r, out(), err());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    @Command(name = "sessions", description = "Masked sessions between two participants.", mixinStandardHelpOptions = true)
    static final class Sessions {
        @CommandLine.Mixin Target target;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Command(name = "open", description = "Open a session between two real numbers.")
        int open(@Parameters(paramLabel = "NUMBER", arity = "2") String[] numbers,
                 @Option(names = "--ttl", description = "seconds until it expires (default: the server's)") Integer ttl,
                 @Option(names = "--reference", description = "your own id, e.g. a trip id") String reference,
                 @Option(names = "--labels", split = ",", defaultValue = "a,b", description = "labels of the two participants")
                 String[] labels) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode ps = body.putArray("participants");
            for (int i = 0; i < 2; i++) {
                ps.addObject().put("number", numbers[i]).put("label", labels.length > i ? labels[i] : "");
            }
            if (ttl != null) body.put("ttlSeconds", ttl);
            if (reference != null) body.put("reference", reference);
            return print(target.client().send("POST", "/v1/sessions", body.toString()), out(), err());
        }

        @Command(name = "show", description = "Show a session by id, or find them by --reference or --participant.")
        int show(@Parameters(paramLabel = "ID", arity = "0..1") String id,
                 @Option(names = "--reference") String reference,
                 @Option(names = "--participant") String participant) {
            String p;
            if (id != null) p = "/v1/sessions/" + path(id);
            else if (reference != null) return printAll(target.client(), "/v1/sessions?reference=" + path(reference), out(), err());
            else if (participant != null) {
                return printAll(target.client(), "/v1/sessions?participant=" + path(participant) + "&status=open", out(), err());
            } else throw new CommandLine.ParameterException(spec.commandLine(), "give an ID, --reference or --participant");
            return print(target.client().send("GET", p, null), out(), err());
        }

        @Command(name = "close", description = "Close a session: it routes nothing from now on.")
        int close(@Parameters(paramLabel = "ID") String id) {
            return print(target.client().send("DELETE", "/v1/sessions/" + path(id), null), out(), err());
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    @Command(name = "calls", description = "The call log.", mixinStandardHelpOptions = true)
    static final class Calls {
        @CommandLine.Mixin Target target;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Command(name = "tail", description = "Print calls as they end, one JSON object per line, until interrupted.")
        int tail(@Option(names = "--interval", defaultValue = "1", description = "seconds between polls") int interval,
                 @Option(names = "--once", description = "print the newest ended calls (one page) and exit") boolean once,
                 @Option(names = "--limit", defaultValue = "100", description = "calls per page (1 to 1000)") int limit)
                throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try {
                if (once) {
                    CallTail.newest(target.client(), limit).forEach(out::println);
                    out.flush();
                    return 0;
                }
                CallTail tail = new CallTail(target.client(), Instant.now().minusSeconds(60), limit, java.time.Clock.systemUTC());
                while (true) {
                    tail.poll().forEach(out::println);
                    out.flush();
                    Thread.sleep(interval * 1000L);
                }
            } catch (CallTail.Refused e) {
                return print(e.reply, out, spec.commandLine().getErr());
            }
        }
    }
}
