package org.maskline;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.maskline.cli.Cli;
import org.maskline.config.Config;
import org.maskline.config.ConfigException;

/**
 * Entry point. Wires the parts together by hand: no container, so what runs is what you read here.
 */
public final class Main {
    private Main() {}

    static final String USAGE = """
            Usage: java -jar maskline.jar [--config FILE] [--help]
                   java -jar maskline.jar numbers|sessions|calls ... (a client of a running Maskline; --help for more)

            Runs the Maskline server: the ARI application that routes masked calls, the FastAGI
            service, and the management REST API.

              --config FILE   optional properties file; environment variables (MASKLINE_*) override it
              --help          print this help and exit
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
            server = Server.start(config);
        } catch (RuntimeException e) {
            fail("cannot start: " + e.getMessage());
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "maskline-shutdown"));
        // Every thread Maskline starts is a daemon (Netty, virtual threads, timers): without this
        // the JVM would exit as soon as main returns. Wait here until the JVM is told to stop.
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        out.print(USAGE);
    }
}
