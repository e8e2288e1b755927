package org.maskline.it.ha;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Maskline as its own process ({@code java -jar target/maskline.jar}), as an operator runs it: so it
 * can be killed with SIGKILL, stopped with SIGTERM, and paused with SIGSTOP.
 */
final class Instance implements AutoCloseable {
    static final String KEY = "ha-it-key-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final String httpAddr;
    final Path log;
    private final Process process;

    private Instance(String name, String httpAddr, Path log, Process process) {
        this.name = name;
        this.httpAddr = httpAddr;
        this.log = log;
        this.process = process;
    }

    /** Base settings: the sandbox's ARI under {@code app}, the given database and HTTP port. */
    static Map<String, String> env(String dbUrl, int httpPort, String app) {
        Map<String, String> env = new HashMap<>();
        env.put("MASKLINE_API_KEYS", KEY);
        env.put("MASKLINE_HTTP_ADDR", "127.0.0.1:" + httpPort);
        env.put("MASKLINE_DB_URL", dbUrl);
        env.put("MASKLINE_ARI_URL", org.maskline.it.Sandbox.ARI_URL);
        env.put("MASKLINE_ARI_USER", org.maskline.it.Sandbox.ARI_USER);
        env.put("MASKLINE_ARI_PASSWORD", org.maskline.it.Sandbox.ARI_PASSWORD);
        env.put("MASKLINE_ARI_APP", app);
        env.put("MASKLINE_DIAL_TEMPLATE", "PJSIP/{number}@trunk");
        env.put("MASKLINE_INSTANCE_ID", "it-" + httpPort);
        env.put("MASKLINE_DEFAULT_COUNTRY", "ES");
        return env;
    }

    /** Starts the process; returns at once (see {@link #awaitHealthy}). */
    static Instance start(String name, Path workDir, Map<String, String> env) throws IOException {
        Path project = Path.of(System.getProperty("maskline.projectDir", "."));
        Files.createDirectories(workDir);
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx256m",
                "-jar", project.resolve("target/maskline.jar").toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        Path log = workDir.resolve(name + ".out");
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return new Instance(name, env.get("MASKLINE_HTTP_ADDR"), log, pb.start());
    }

    Instance awaitHealthy(Duration deadline) throws Exception {
        await(deadline, "healthy", () -> {
            if (!process.isAlive()) throw new IllegalStateException(name + " exited (" + process.exitValue() + "):\n" + output());
            try {
                return get("/health").statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return this;
    }

    /** The body of /ready (any status), or "" when it cannot be reached. */
    String ready() {
        try {
            return get("/ready").body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** "active" or "standby" from /ready, or "" while it does not answer. */
    String role() {
        String body = ready();
        var m = java.util.regex.Pattern.compile("\"role\"\\s*:\\s*\"(\\w+)\"").matcher(body);
        return m.find() ? m.group(1) : "";
    }

    /** Waits until /ready answers 200 with this role (so an active instance also has ARI up). */
    Instance awaitRole(String role, Duration deadline) throws InterruptedException {
        await(deadline, name + " " + role, () -> {
            try {
                var r = get("/ready");
                return r.statusCode() == 200 && role.equals(role());
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return this;
    }

    /** Waits until its output contains {@code text}. */
    void awaitOutput(String text, Duration deadline) throws InterruptedException {
        await(deadline, name + " logging '" + text + "'", () -> output().contains(text));
    }

    long countOutput(String text) {
        return output().lines().filter(l -> l.contains(text)).count();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + httpAddr + path))
                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + httpAddr + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + httpAddr + path))
                .header("Authorization", "Bearer " + KEY).timeout(Duration.ofSeconds(10)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Any method with a JSON body (PUT, DELETE...). */
    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + httpAddr + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException(name + " survived SIGKILL");
    }

    /** SIGTERM and wait; returns the exit code. */
    int terminate(Duration deadline) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + deadline + " of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    int awaitExit(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still runs after " + deadline + ":\n" + output());
        }
        return process.exitValue();
    }

    void signal(String sig) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + sig, String.valueOf(pid())).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("kill -" + sig + " " + pid() + " failed");
    }

    /** Its standard output and error (start-up failures, and the log if it goes to the console). */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }


    static void await(Duration deadline, String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("not " + what + " within " + deadline);
            Thread.sleep(20); // another process's state: polled with a deadline
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            copyOutputToTestLog();
        }
    }

    private boolean copied;

    /**
     * A failing test prints the test log written while it ran (FailedTestLog); an instance's own
     * output is part of that story, so it is appended there once the instance is done.
     */
    private void copyOutputToTestLog() {
        if (copied) return;
        copied = true;
        try {
            java.nio.file.Path file = org.maskline.testsupport.FailedTestLog.logFile();
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            java.nio.file.Files.writeString(file, "---- output of instance " + name + " ----\n" + output()
                            + "---- end of the output of instance " + name + " ----\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            System.err.println("cannot copy instance " + name + "'s output to the test log: " + e);
        }
    }

    private void stop() {
        if (!process.isAlive()) return;
        signal0("CONT");
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void signal0(String sig) {
        try {
            signal(sig);
        } catch (Exception ignored) {
            // best effort while cleaning up
        }
    }
}
