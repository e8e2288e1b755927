package org.maskline.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code maskline sessions open|show|close}: masked sessions between two participants. */
@Command(name = "sessions", description = "Masked sessions between two participants.")
final class SessionsCommand {
    @ParentCommand Cli root;
    @Spec CommandSpec spec;

    @Command(name = "open", description = "Open a session between two real numbers; prints it with each one's proxyNumber.")
    int open(@Parameters(index = "0", paramLabel = "NUMBER_A", description = "one participant's real number") String a,
             @Parameters(index = "1", paramLabel = "NUMBER_B", description = "the other's") String b,
             @Option(names = "--ttl", paramLabel = "SECONDS", description = "seconds until it expires (default: the server's)") Integer ttl,
             @Option(names = "--reference", paramLabel = "REF", description = "your own id, e.g. a trip id") String reference,
             @Option(names = "--labels", paramLabel = "A,B", hideParamSyntax = true, split = ",", defaultValue = "a,b",
                     description = "labels of the two participants (default: ${DEFAULT-VALUE})") String[] labels,
             @Option(names = "--mode", paramLabel = "MODE", description = "voice, message or voice-and-message (default: the server's, both)")
             String mode) {
        ObjectNode body = Output.JSON.createObjectNode();
        ArrayNode ps = body.putArray("participants");
        String[] numbers = {a, b};
        for (int i = 0; i < 2; i++) {
            ps.addObject().put("number", numbers[i]).put("label", labels.length > i ? labels[i] : "");
        }
        if (ttl != null) body.put("ttlSeconds", ttl);
        if (reference != null) body.put("reference", reference);
        if (mode != null) body.put("mode", mode);
        return Output.print(root.client().send("POST", "/v1/sessions", body.toString()), out(), err());
    }

    @Command(name = "show", description = "Show a session by id, or find them by --reference or --participant.")
    int show(@Parameters(paramLabel = "ID", arity = "0..1", description = "a session id") String id,
             @Option(names = "--reference", paramLabel = "REF", description = "sessions with this reference") String reference,
             @Option(names = "--participant", paramLabel = "NUMBER", description = "open sessions with this real number") String participant) {
        if (id != null) {
            return Output.print(root.client().send("GET", "/v1/sessions/" + Output.enc(id), null), out(), err());
        }
        if (reference != null) {
            return Output.printAll(root.client(), "/v1/sessions?reference=" + Output.enc(reference), out(), err());
        }
        if (participant != null) {
            return Output.printAll(root.client(), "/v1/sessions?participant=" + Output.enc(participant) + "&status=open", out(), err());
        }
        throw new ParameterException(spec.subcommands().get("show"), "give an ID, --reference or --participant");
    }

    @Command(name = "close", description = "Close a session: it routes nothing from now on.")
    int close(@Parameters(paramLabel = "ID", description = "a session id") String id) {
        return Output.print(root.client().send("DELETE", "/v1/sessions/" + Output.enc(id), null), out(), err());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
