package org.maskline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code maskline numbers add|list|retire}: the pool of service numbers. */
@Command(name = "numbers", description = "The pool of service numbers.")
final class NumbersCommand {
    @ParentCommand Cli root;
    @Spec CommandSpec spec;

    @Command(name = "add", description = "Add service numbers to the pool.")
    int add(@Parameters(paramLabel = "NUMBER", arity = "1..*", description = "E.164, e.g. +15550100") String[] numbers) {
        ApiClient api = root.client();
        int rc = 0;
        for (String n : numbers) {
            ObjectNode body = Output.JSON.createObjectNode().put("number", n);
            rc = Math.max(rc, Output.print(api.send("POST", "/v1/numbers", body.toString()), out(), err()));
        }
        return rc;
    }

    @Command(name = "list", description = "List the pool, newest first, with each number's open sessions (one page per line).")
    int list(@Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "numbers per page (1 to 1000)") int limit) {
        return Output.printAll(root.client(), "/v1/numbers?limit=" + limit, out(), err());
    }

    @Command(name = "retire", description = "Retire a number: no new sessions; removed once none uses it.")
    int retire(@Parameters(paramLabel = "NUMBER") String number) {
        ApiClient.Reply r = root.client().send("DELETE", "/v1/numbers/" + Output.enc(number), null);
        if (r.status() == 202) out().println("draining: " + number + " is removed when its open sessions end");
        if (r.status() == 204) out().println("removed: " + number);
        return r.ok() ? 0 : Output.print(r, out(), err());
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
