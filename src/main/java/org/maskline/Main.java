package org.maskline;

import java.io.PrintStream;

/**
 * Entry point. Wires the parts together by hand: no container, so what runs is what you read here.
 */
public final class Main {
    private Main() {}

    static final String USAGE = """
            Usage: java -jar maskline.jar [--config FILE] [--help]

            Runs the Maskline server: the ARI application that routes masked calls, the FastAGI
            service, and the management REST API.

              --config FILE   optional properties file; environment variables (MASKLINE_*) override it
              --help          print this help and exit
            """;

    public static void main(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                usage(System.out);
                return;
            }
        }
        usage(System.err);
        System.exit(2);
    }

    static void usage(PrintStream out) {
        out.print(USAGE);
    }
}
