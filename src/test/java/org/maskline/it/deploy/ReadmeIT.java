package org.maskline.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;

/**
 * Issue 18: the README's "Running it for real" commands, copied out of README.md and run as they
 * are by bash, in a fresh directory that has only the clone's bin/, scripts/ and target/ (so the
 * H2 file and the log land there, as in a user's checkout). Nothing is set beforehand: the commands
 * set the key and the ARI password themselves.
 */
@ExtendWith(SandboxExtension.class)
class ReadmeIT {
    private static final Pattern SH_BLOCK = Pattern.compile("(?s)```sh\\n(.*?)```");

    static List<String> sectionBlocks(String readme, String heading) {
        int start = readme.indexOf("\n## " + heading + "\n");
        assertTrue(start >= 0, "README.md has no section '" + heading + "'");
        int end = readme.indexOf("\n## ", start + 1);
        Matcher m = SH_BLOCK.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        List<String> blocks = new ArrayList<>();
        while (m.find()) blocks.add(m.group(1));
        return blocks;
    }

    @Test
    void theRunningItForRealCommandsWorkAsWritten(Sandbox sandbox, @TempDir Path dir) throws Exception {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));
        } catch (java.io.IOException e) {
            throw new AssertionError("the README's server listens on localhost:8080, which something else holds here", e);
        }
        List<String> blocks = sectionBlocks(Files.readString(Shell.PROJECT.resolve("README.md")), "Running it for real");
        assertEquals(2, blocks.size(), "the section's two command blocks");
        StringBuilder script = new StringBuilder("set -eo pipefail\n");
        for (String block : blocks) {
            for (String line : block.lines().toList()) {
                // The package phase of this very run built target/maskline.jar, the jar this line
                // builds; running Maven again under the running test would replace it.
                if (line.startsWith("mvn ")) continue;
                script.append(line).append('\n');
            }
        }
        // After the README's last command (kill %1): the server's exit status, for the check below.
        script.append("wait %1 && echo \"server exited 0\" || echo \"server exited $?\"\n");
        Files.writeString(dir.resolve("readme.sh"), script);
        for (String link : List.of("bin", "scripts", "target")) {
            Files.createSymbolicLink(dir.resolve(link), Shell.PROJECT.resolve(link));
        }

        Shell.Result r = Shell.run(List.of("bash", "readme.sh"), dir, java.util.Map.of(), Duration.ofMinutes(3));
        String log = Files.exists(dir.resolve("maskline.log")) ? Files.readString(dir.resolve("maskline.log")) : "(no maskline.log)";
        String story = r.output() + "\n---- maskline.log ----\n" + log;
        assertEquals(0, r.code(), story);
        assertTrue(r.output().contains("\"proxyNumber\":\"+15550100\""), "the session has its proxy numbers: " + story);
        assertTrue(r.output().contains("\"reference\":\"order-77\""), "the command line opened a session: " + story);
        assertTrue(r.output().contains("\"number\":\"+15550101\""), "the command line added and listed a number: " + story);
        assertTrue(r.output().lines().anyMatch(l -> l.contains("\"reference\":\"trip-8812\"") && l.startsWith("{\"sessions\"")),
                "sessions show --reference found the curl-made session: " + story);
        assertTrue(r.output().contains("server exited 0"), "SIGTERM stops the server with 0: " + story);
        assertTrue(log.contains("Maskline started"), story);
        assertTrue(Files.exists(dir.resolve("data/maskline.mv.db")), "H2's file is in the user's directory: " + story);
    }
}
