package org.maskline;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.maskline.cli.Cli;
import org.maskline.config.Config;
import org.maskline.config.ConfigException;
import org.maskline.config.HostPort;

/**
 * Entry point. Wires the parts together by hand: no container, so what runs is what you read here.
 */
public final class Main {
    private Main() {}

    static final String USAGE = """
            Usage: maskline [--config FILE]                     run the server
                   maskline COMMAND ... [--url URL] [--key KEY]  talk to a running server
                   maskline [COMMAND ...] --help | --version

            The server is the ARI application that routes masked calls, the FastAGI service, and
            the management REST API. It reads MASKLINE_* environment variables (docs/configuration.md).

              --config FILE   optional properties file; environment variables (MASKLINE_*) override it
              --help          print this help and exit
              --version       print the version and exit

            Commands (each takes --help):
            %s
            """;

    public static void main(String[] args) {
        if (Cli.isClientCommand(args)) {
            System.exit(Cli.run(args));
        }
        Optional<Path> file = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    usage(System.out);
                    return;
                }
                case "--version", "-V" -> {
                    System.out.println(org.maskline.cli.Version.line());
                    return;
                }
                case "--config" -> {
                    if (i + 1 >= args.length) fail("--config needs a FILE");
                    file = Optional.of(Path.of(args[++i]));
                }
                default -> {
                    usage(System.err);
                    fail("unknown argument: " + args[i]);
                }
            }
        }
        Config config;
        try {
            config = Config.load(System.getenv(), file);
        } catch (ConfigException e) {
            fail(e.getMessage());
            return;
        }
        applyLogLevel(config.logLevel());
        Server server;
        try {
            // Addresses first: a taken port is found before the database is opened and migrated.
            checkListenable(Config.HTTP_ADDR, config.httpAddr());
            checkH2Writable(config.database().url());
            config.agiAddr().ifPresent(a -> checkListenable(Config.AGI_ADDR, a));
            server = Server.start(config);
        } catch (Throwable e) {
            // Whatever failed (a port, an address, the database), one line and a non-zero exit; System.exit
            // also ends anything half-started, so no thread keeps a broken process alive.
            fail("cannot start: " + (e instanceof org.maskline.sessions.StoreUnavailableException
                    ? Config.DB_URL + ": " + oneLine(e) : oneLine(e))); // the URL itself may hold a password
            return;
        }
        // SIGTERM: the graceful stop (Server.close) runs in this hook, then exits 0 as a finished stop
        // should (the JVM would report 143). Nothing else in the process registers a hook that could
        // cut it short: H2's is disabled by the store, and logback installs none.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                Runtime.getRuntime().halt(0);
            }
        }, "maskline-shutdown"));
        // Every thread Maskline starts is a daemon (Netty, virtual threads, timers): without this
        // the JVM would exit as soon as main returns. Wait here until the JVM is told to stop.
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Fails start-up before anything runs when a listen address cannot be bound (in use, not local,
     * not resolvable). The FastAGI server binds on a thread of its own and would only log the failure.
     */
    static void checkListenable(String key, HostPort address) {
        java.net.InetSocketAddress at = new java.net.InetSocketAddress(address.host(), address.port());
        if (at.isUnresolved()) {
            throw new IllegalStateException(key + " " + address + ": cannot resolve host '" + address.host() + "'");
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(at);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(key + " " + address + ": cannot listen ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
    }

    /**
     * An embedded H2 database whose directory cannot be written fails here in one line: H2 itself
     * prints its trace-file error with a stack trace to stderr before any exception reaches us.
     */
    static void checkH2Writable(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return;
        }
        String rest = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        if (rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:")) {
            return;
        }
        rest = rest.startsWith("file:") ? rest.substring("file:".length()) : rest;
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        java.nio.file.Path dir = Path.of(rest).toAbsolutePath().getParent();
        try {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.delete(java.nio.file.Files.createTempFile(dir, ".maskline-write-check", ""));
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalStateException(Config.DB_URL + ": cannot write the H2 database's directory " + dir + " ("
                    + e.getClass().getSimpleName() + ": " + oneLine(e) + ")");
        }
    }

    /** The failure's own message (or its type), first line only: never a stack trace. */
    static String oneLine(Throwable e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        m = m.strip().lines().findFirst().orElse(m);
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }

    /** The one place the root level is set: logback.xml no longer reads MASKLINE_LOG_LEVEL itself. */
    private static void applyLogLevel(String level) {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.valueOf(level));
        }
    }

    private static void fail(String message) {
        System.err.println("maskline: " + message);
        System.exit(2);
    }

    static void usage(PrintStream out) {
        out.print(USAGE.formatted(Cli.commandSummary()));
    }
}
