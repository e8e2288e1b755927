package org.maskline.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: {@code java -jar maskline.jar} on the machine's older default Java (17 here) says in
 * one line which Java it needs, instead of an UnsupportedClassVersionError and its stack trace; on
 * Java 21+ the same jar runs Maskline.
 */
class BootIT {
    private static final Path JAR = Path.of(System.getProperty("maskline.projectDir", "")).toAbsolutePath()
            .resolve("target/maskline.jar");

    record Run(int code, List<String> lines) {}

    static Run run(String java, String... args) throws Exception {
        Path out = Files.createTempFile("boot", ".out");
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running");
            return new Run(p.exitValue(), Files.readAllLines(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A Java older than 21 on this machine: its default (17) is the case the issue met. */
    static Optional<Path> olderJava() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/jvm"))) {
            return dirs.map(d -> d.resolve("bin/java")).filter(Files::isExecutable)
                    .filter(j -> j.toString().matches(".*/(java-(8|11|17)-[^/]*|jdk-?(8|11|17)[^/]*|temurin-(8|11|17)-[^/]*)/bin/java"))
                    .findFirst();
        }
    }

    @Test
    void anOlderJavaGetsOneLineSayingWhichJavaItNeeds() throws Exception {
        Path old = olderJava().orElseThrow(() -> new AssertionError("no Java older than 21 under /usr/lib/jvm to try the jar with"));
        Run r = run(old.toString(), "--version");
        assertEquals(1, r.code(), r.lines().toString());
        assertEquals(1, r.lines().size(), "one line: " + r.lines());
        assertTrue(r.lines().getFirst().startsWith("maskline: needs Java 21 or newer, and this is Java "), r.lines().toString());
        assertTrue(r.lines().getFirst().contains("bin/maskline"), r.lines().toString());
    }

    @Test
    void java21OrNewerRunsMaskline() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Run r = run(java, "--version");
        assertEquals(0, r.code(), r.lines().toString());
        assertTrue(r.lines().getLast().matches("maskline \\S+ \\(Java \\d+\\)"), r.lines().toString());
    }

    @Test
    void theSpecificationVersionIsReadInBothForms() {
        assertEquals(8, Boot.major("1.8"));
        assertEquals(17, Boot.major("17"));
        assertEquals(21, Boot.major("21.0.1"));
        assertEquals(0, Boot.major("garbage"));
    }
}
