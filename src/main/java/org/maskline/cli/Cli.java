package org.maskline.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code maskline numbers|sessions|calls|messages ...}: a sysadmin's view of a running Maskline, through its
 * REST API. Prints the API's JSON, one object per line, so it pipes into jq or grep.
 *
 * <p>The root holds what every command shares, inherited by each subcommand (so {@code --url},
 * {@code --key}, {@code --help} and {@code --version} are accepted in any position). A new command
 * group is a class of its own listed in {@link #GROUPS}; nothing else here changes.
 */
@Command(name = "maskline", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = Version.Provider.class, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Talk to a running Maskline through its REST API.",
                "Without a command, maskline runs the server: maskline [--config FILE]."},
        footer = {"", "Environment: MASKLINE_URL, MASKLINE_API_KEY (or the first of MASKLINE_API_KEYS)."})
public final class Cli {
    /** The command groups, in the order --help lists them. Add yours here. */
    static final List<Class<?>> GROUPS = List.of(NumbersCommand.class, SessionsCommand.class, CallsCommand.class,
            MessagesCommand.class);

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "the API's base URL (env MASKLINE_URL; default ${DEFAULT-VALUE})")
    String url = env("MASKLINE_URL", "http://127.0.0.1:8080");

    @Option(names = "--key", paramLabel = "KEY", scope = ScopeType.INHERIT,
            description = "an API key (env MASKLINE_API_KEY, else the first of MASKLINE_API_KEYS)")
    String key = env("MASKLINE_API_KEY", env("MASKLINE_API_KEYS", "").split(",")[0].strip());

    /** A client of the API at {@code --url}; refuses to start without a key rather than send none. */
    ApiClient client() {
        if (key == null || key.isBlank()) {
            throw new NoKey();
        }
        return new ApiClient(url, key);
    }

    /** No key anywhere: one line says where one goes. */
    static final class NoKey extends RuntimeException {
        NoKey() {
            super("no API key: set MASKLINE_API_KEY (one of the server's MASKLINE_API_KEYS) or pass --key KEY", null, false, false);
        }
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Cli());
        for (Class<?> group : GROUPS) {
            cl.addSubcommand(group);
        }
        // Quote the option that was wrong and say where help is, in one line plus usage.
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }

    /** Runs a command line; returns the process exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine().setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("maskline: " + e.getMessage());
            return e instanceof NoKey ? 2 : 1;
        });
        cl.setParameterExceptionHandler((e, args1) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("maskline: " + e.getMessage());
            cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cl.execute(args);
    }

    /** The names of the client commands (every group's name). */
    public static Set<String> commandNames() {
        return commandLine().getSubcommands().keySet();
    }

    /** Whether {@code args} names a client command rather than the server's options. */
    public static boolean isClientCommand(String[] args) {
        Set<String> names = commandNames();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                i++; // its value is a file, whatever its name
            } else if (names.contains(args[i])) {
                return true;
            }
        }
        return false;
    }

    /** The groups' names and descriptions, for the server's --help. */
    public static String commandSummary() {
        return commandLine().getSubcommands().entrySet().stream()
                .map(e -> String.format("  %-10s %s", e.getKey(), e.getValue().getCommandSpec().usageMessage().description()[0]))
                .collect(Collectors.joining("\n"));
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
