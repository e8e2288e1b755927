package org.maskline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, started as an operator would, where start-up cannot succeed: it must exit
 * non-zero within 5 s with one line and no stack trace, leaving nothing running.
 */
class MainStartupIT {
    @TempDir
    Path dir;

    record Exit(int code, List<String> lines) {}

    Exit run(Map<String, String> env) throws Exception {
        Path jar = Path.of("target", "maskline.jar").toAbsolutePath();
        assertTrue(Files.exists(jar), "the package phase builds " + jar);
        String java = ProcessHandle.current().info().command().orElse("java");
        Path out = dir.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("MASKLINE_"));
        pb.environment().putAll(Map.of("MASKLINE_API_KEYS", "startup-it-key-0123456789", "MASKLINE_ARI_USER", "maskline",
                "MASKLINE_ARI_PASSWORD", "startup-it-password", "MASKLINE_ARI_URL", "http://127.0.0.1:1/ari",
                "MASKLINE_DB_URL", "jdbc:h2:mem:startup"));
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean exited = p.waitFor(5, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("WARNING:")).toList(); // the JVM's own notes about libraries
        assertTrue(exited, "still running after 5 s: " + lines);
        return new Exit(p.exitValue(), lines);
    }

    static void assertOneLineFailure(Exit e, String start) {
        assertNotEquals(0, e.code(), e.lines().toString());
        assertTrue(e.lines().getLast().startsWith("maskline: cannot start: " + start), e.lines().toString());
        assertFalse(e.lines().stream().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")), e.lines().toString());
    }

    @Test
    void theHttpPortTakenExitsNonZeroWithinFiveSecondsInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertOneLineFailure(run(Map.of("MASKLINE_HTTP_ADDR", "127.0.0.1:" + taken.getLocalPort())),
                    "MASKLINE_HTTP_ADDR 127.0.0.1:" + taken.getLocalPort() + ": cannot listen");
        }
    }

    @Test
    void theFastAgiPortTakenExitsLikewise() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertOneLineFailure(run(Map.of("MASKLINE_HTTP_ADDR", "127.0.0.1:0", "MASKLINE_AGI_ADDR", "127.0.0.1:" + taken.getLocalPort())),
                    "MASKLINE_AGI_ADDR");
        }
    }

    @Test
    void anUnresolvableAddressAndAnUnwritableDatabaseExitLikewise() throws Exception {
        assertOneLineFailure(run(Map.of("MASKLINE_HTTP_ADDR", "no-such-host.invalid:8080")), "MASKLINE_HTTP_ADDR");
        Path readOnly = dir.resolve("file-not-dir");
        Files.writeString(readOnly, "x");
        assertOneLineFailure(run(Map.of("MASKLINE_HTTP_ADDR", "127.0.0.1:0", "MASKLINE_DB_URL", "jdbc:h2:file:" + readOnly + "/db")),
                "MASKLINE_DB_URL");
        assertOneLineFailure(run(Map.of("MASKLINE_HTTP_ADDR", "127.0.0.1:0", "MASKLINE_DB_URL", "jdbc:postgresql://127.0.0.1:1/none")),
                "MASKLINE_DB_URL");
    }

    @Test
    void aBadSettingExitsWithItsKey() throws Exception {
        Exit e = run(Map.of("MASKLINE_LOG_LEVEL", "LOUD"));
        assertEquals(2, e.code());
        assertTrue(e.lines().getLast().startsWith("maskline: MASKLINE_LOG_LEVEL"), e.lines().toString());
    }

}
