package org.maskline.it.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the images build, the shipped compose file runs (Asterisk, Maskline, PostgreSQL), and a
 * masked call placed with SIPp through the containers keeps both numbers private and lands in the
 * call log; then everything is torn down. The script does the work and checks each step (it exits
 * non-zero at the first failure, saying which); this test runs it as part of scripts/test and
 * holds it to its report.
 *
 * <p>It does not take the Asterisk sandbox's lock: the stack runs in a network namespace of its
 * own, so its Asterisk, PostgreSQL and HTTP ports collide with nothing, the sandbox included.
 */
class DockerStackIT {
    /** A first run on a machine builds the base images and downloads Maven's dependencies. */
    private static final long DEADLINE_MINUTES = 30;

    @Test
    void theImagesBuildAndTheComposeStackCarriesAPrivateMaskedCall() throws Exception {
        Path project = Path.of(System.getProperty("maskline.projectDir", "")).toAbsolutePath();
        Path out = Files.createTempFile("docker-stack", ".out");
        try {
            Process p = new ProcessBuilder(project.resolve("scripts/docker-stack").toString(), "test")
                    .directory(project.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean done = p.waitFor(DEADLINE_MINUTES, TimeUnit.MINUTES);
            if (!done) {
                p.destroy(); // SIGTERM: the script's trap tears the stack down
                if (!p.waitFor(2, TimeUnit.MINUTES)) p.destroyForcibly();
            }
            String report = Files.readString(out);
            assertTrue(done, "scripts/docker-stack test still running after " + DEADLINE_MINUTES + " min:\n" + report);
            assertEquals(0, p.exitValue(), "scripts/docker-stack test failed:\n" + report);
            for (String step : List.of("image maskline/asterisk:local built", "image maskline/maskline:local built",
                    "stack up: asterisk, postgres and maskline healthy",
                    "images: every service runs as a non-root user",
                    "masked call answered and completed through the containers",
                    "privacy: no real number or name reached the other phone",
                    "call log: +34600111222 -> +34600333444 via",
                    "Maskline stopped on SIGTERM",
                    "torn down: no daemon, no container, no mount, no namespace left")) {
                assertTrue(report.contains(step), "the report lacks '" + step + "':\n" + report);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
