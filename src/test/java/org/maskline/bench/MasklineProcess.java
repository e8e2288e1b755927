package org.maskline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maskline as its own process ({@code java -jar target/maskline.jar}), as an operator runs it. */
final class MasklineProcess implements AutoCloseable {
    private final Process process;
    final Path log;
    private final String javaHome;

    private MasklineProcess(Process process, Path log, String javaHome) {
        this.process = process;
        this.log = log;
        this.javaHome = javaHome;
    }

    static MasklineProcess start(Path project, Path workDir, String dbUrl, List<String> jvmArgs, Map<String, String> env)
            throws IOException, InterruptedException {
        return start(project, workDir, "maskline.log", dbUrl, jvmArgs, env, "ARI event socket up");
    }

    /** Starts one and returns once its output has {@code readyLine} (a standby never connects ARI). */
    static MasklineProcess start(Path project, Path workDir, String logName, String dbUrl, List<String> jvmArgs,
                                 Map<String, String> env, String readyLine) throws IOException, InterruptedException {
        String javaHome = System.getProperty("java.home");
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome + "/bin/java");
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", project.resolve("target/maskline.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        Path log = workDir.resolve(logName);
        pb.redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("MASKLINE_DB_URL", dbUrl);
        Process p = pb.start();
        MasklineProcess m = new MasklineProcess(p, log, javaHome);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) throw new IllegalStateException("Maskline exited at start:\n" + m.tail(20));
            if (Files.exists(log) && Files.readString(log).contains(readyLine)) return m;
            Thread.sleep(50); // polling its log with a deadline: the socket-up line is the readiness signal
        }
        m.close();
        throw new IllegalStateException("Maskline did not log '" + readyLine + "' within 30 s:\n" + m.tail(20));
    }

    /** SIGKILL, and wait for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    boolean logContains(String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The output of a jcmd command against this JVM. */
    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaHome + "/bin/jcmd", String.valueOf(pid())));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** Heap used in KiB, from GC.heap_info's first "used NNNK" (the whole heap's line). */
    long heapUsedKiB() throws IOException, InterruptedException {
        Matcher m = Pattern.compile("used (\\d+)K").matcher(jcmd("GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** A line of /proc/PID/status in KiB (VmRSS, VmHWM), or the number for Threads. */
    long status(String key) throws IOException {
        return Procs.status(pid(), key);
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Lines of its log at WARN or ERROR (and any OutOfMemoryError). */
    List<String> problems(int max) {
        List<String> out = new ArrayList<>();
        try (var lines = Files.lines(log)) {
            lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("OutOfMemoryError"))
                    .limit(max).forEach(out::add);
        } catch (IOException e) {
            out.add("(log unreadable: " + e + ")");
        }
        return out;
    }

    long countLog(String needle) {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(needle)).count();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy(); // SIGTERM: the shutdown hook closes ARI and the store
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
