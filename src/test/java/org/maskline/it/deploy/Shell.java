package org.maskline.it.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command as an operator would, with a deadline; its output in a file. */
final class Shell {
    static final Path PROJECT = Path.of(System.getProperty("maskline.projectDir", "")).toAbsolutePath();

    record Result(int code, String output) {}

    private Shell() {}

    /** The environment without any MASKLINE_* or JAVA_HOME of the test's own: an operator's shell. */
    static ProcessBuilder clean(List<String> command, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("MASKLINE_") || k.equals("JAVA_HOME"));
        return pb;
    }

    static Result run(ProcessBuilder pb, Path out, Duration deadline) throws IOException, InterruptedException {
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", pb.command()) + " still running after " + deadline + ":\n"
                    + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out));
    }

    static Result run(List<String> command, Path dir, Map<String, String> env, Duration deadline)
            throws IOException, InterruptedException {
        ProcessBuilder pb = clean(command, dir);
        pb.environment().putAll(env);
        return run(pb, Files.createTempFile(dir, "out", ".txt"), deadline);
    }

    static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
