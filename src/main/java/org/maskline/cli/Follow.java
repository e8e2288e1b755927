package org.maskline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/** The loop every {@code tail} command shares: print the newest page and stop, or poll until interrupted. */
final class Follow {
    private Follow() {}

    /**
     * @param newest  the newest page, oldest first ({@code --once})
     * @param follower makes the poller that returns what is new since its last poll
     */
    static int run(CommandSpec spec, boolean once, int intervalSeconds, Supplier<List<JsonNode>> newest,
                   Supplier<Supplier<List<JsonNode>>> follower) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (once) {
                newest.get().forEach(out::println);
                out.flush();
                return 0;
            }
            Supplier<List<JsonNode>> poll = follower.get();
            while (true) {
                poll.get().forEach(out::println);
                out.flush();
                Thread.sleep(intervalSeconds * 1000L); // the poll period the user asked for
            }
        } catch (CallTail.Refused e) {
            return Output.print(e.reply, out, spec.commandLine().getErr());
        }
    }
}
