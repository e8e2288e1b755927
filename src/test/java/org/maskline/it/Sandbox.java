package org.maskline.it;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Asterisk sandbox, started once per test JVM through {@code scripts/asterisk-sandbox}.
 *
 * <p>Only one test run on a machine may drive the sandbox at a time (its ports are fixed), so the
 * first use takes a machine-wide file lock and keeps it until the JVM exits. When the sandbox
 * cannot start, {@link #get()} throws: the run fails, it never skips.
 */
public final class Sandbox {
    public static final String ARI_URL = "http://127.0.0.1:8088/ari";
    public static final String ARI_USER = "maskline";
    public static final String ARI_PASSWORD = "maskline-sandbox";
    public static final String ARI_APP = "maskline";
    /** Where SIPp plays every callee phone. */
    public static final int CARRIER_PORT = 5070;

    private static Sandbox instance;
    private static FileLock lock;

    private final Path projectDir;
    private final Path root;

    private Sandbox(Path projectDir, Path root) {
        this.projectDir = projectDir;
        this.root = root;
    }

    public static synchronized Sandbox get() {
        if (instance == null) {
            Path project = locateProject();
            takeLock(project);
            run(project, Duration.ofMinutes(10), "start");
            String root = run(project, Duration.ofSeconds(10), "root").strip();
            instance = new Sandbox(project, Path.of(root));
        }
        return instance;
    }

    public Path projectDir() {
        return projectDir;
    }

    /** The chroot's folder on the host: SIPp's files at {@code /x} inside are at {@code root()/x}. */
    public Path root() {
        return root;
    }

    /** Runs an Asterisk CLI command and returns its output. */
    public String cli(String command) {
        return run(projectDir, Duration.ofSeconds(30), "cli", command);
    }

    /** Stops Asterisk (for restart tests). {@link #start()} brings it back. */
    public void stop() {
        run(projectDir, Duration.ofMinutes(1), "stop");
    }

    public void start() {
        run(projectDir, Duration.ofMinutes(10), "start");
    }

    /** The command line that runs SIPp inside the sandbox. */
    public List<String> sippCommand(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(projectDir.resolve("scripts/asterisk-sandbox").toString());
        cmd.add("sipp");
        cmd.addAll(args);
        return cmd;
    }

    static Path locateProject() {
        String p = System.getProperty("maskline.projectDir");
        Path dir = p == null ? Path.of("").toAbsolutePath() : Path.of(p);
        if (!Files.isExecutable(dir.resolve("scripts/asterisk-sandbox"))) {
            throw new IllegalStateException("cannot find scripts/asterisk-sandbox under " + dir
                    + "; run the tests from the project folder (set -Dmaskline.projectDir)");
        }
        return dir;
    }

    private static void takeLock(Path project) {
        try {
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "maskline-sandbox.lock");
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = ch.tryLock();
            if (lock == null) {
                System.err.println("sandbox: another test run holds the Asterisk sandbox; waiting for it");
                lock = ch.lock();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot take the sandbox lock", e);
        }
    }

    private static String run(Path project, Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(project.resolve("scripts/asterisk-sandbox").toString());
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("sandbox", ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("scripts/asterisk-sandbox " + String.join(" ", args)
                        + " did not finish within " + timeout);
            }
            String text = Files.readString(out);
            Files.deleteIfExists(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("scripts/asterisk-sandbox " + String.join(" ", args)
                        + " failed (exit " + p.exitValue() + "):\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scripts/asterisk-sandbox", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
