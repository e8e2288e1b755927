package org.maskline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code maskline messages tail|send|list}: masked text messages. */
@Command(name = "messages", description = "Masked text messages: the log, and sending into a session.")
final class MessagesCommand {
    @ParentCommand Cli root;
    @Spec CommandSpec spec;

    @Command(name = "tail", description = "Print messages as they are logged, one JSON object per line, until interrupted.")
    int tail(@Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1", description = "seconds between polls (default: ${DEFAULT-VALUE})") int interval,
             @Option(names = "--once", description = "print the newest messages (one page) and exit") boolean once,
             @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "messages per page (1 to 1000)") int limit)
            throws InterruptedException {
        ApiClient api = root.client();
        return Follow.run(spec, once, interval, () -> MessageTail.newest(api, limit),
                () -> new MessageTail(api, Instant.now().minusSeconds(60), limit)::poll);
    }

    @Command(name = "send", description = "Send a text into a session, to one participant, from the proxy number they know the other by.")
    int send(@Parameters(paramLabel = "SESSION_ID") String session,
             @Option(names = "--to", paramLabel = "WHO", required = true, description = "the recipient: a participant's label or number") String to,
             @Parameters(paramLabel = "TEXT", description = "the text (1 to 1023 bytes of UTF-8)") String text) {
        ObjectNode body = Output.JSON.createObjectNode().put("to", to).put("body", text);
        return Output.print(root.client().send("POST", "/v1/sessions/" + Output.enc(session) + "/messages", body.toString()),
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    @Command(name = "list", description = "A session's messages (or every message with no id), newest first, one page per line.")
    int list(@Parameters(paramLabel = "SESSION_ID", arity = "0..1") String session,
             @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "messages per page (1 to 1000)") int limit) {
        String first = session == null ? "/v1/messages?limit=" + limit
                : "/v1/sessions/" + Output.enc(session) + "/messages?limit=" + limit;
        return Output.printAll(root.client(), first, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
