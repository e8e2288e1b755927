package org.maskline.cli;

import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code maskline calls tail}: the call log. */
@Command(name = "calls", description = "The call log.")
final class CallsCommand {
    @ParentCommand Cli root;
    @Spec CommandSpec spec;

    @Command(name = "tail", description = "Print calls as they end, one JSON object per line, until interrupted.")
    int tail(@Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1", description = "seconds between polls (default: ${DEFAULT-VALUE})") int interval,
             @Option(names = "--once", description = "print the newest ended calls (one page) and exit") boolean once,
             @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "calls per page (1 to 1000)") int limit)
            throws InterruptedException {
        ApiClient api = root.client();
        return Follow.run(spec, once, interval, () -> CallTail.newest(api, limit),
                () -> new CallTail(api, Instant.now().minusSeconds(60), limit, Clock.systemUTC())::poll);
    }
}
