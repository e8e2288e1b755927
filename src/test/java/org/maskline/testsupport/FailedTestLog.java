package org.maskline.testsupport;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Keeps a passing run quiet and a failing one explained: the application logs go to a file (see
 * logback-test.xml), and when a test or a test class fails, the part of that file written while it
 * ran is printed after it, so the failure comes with its story and nothing else does.
 *
 * <p>Registered for every test JVM through META-INF/services; needs no annotation on any test.
 */
public final class FailedTestLog implements TestExecutionListener {
    /** Where logback-test.xml writes; the same property, the same default. */
    public static Path logFile() {
        return Path.of(System.getProperty("maskline.testLog", "target/test-logs/tests.log"));
    }

    /** Beyond this, a failure's log is cut to its last part (where the failure is). */
    private static final long MAX_BYTES = 200_000;

    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();

    @Override
    public void executionStarted(TestIdentifier id) {
        startedAt.put(id.getUniqueId(), size());
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Long from = startedAt.remove(id.getUniqueId());
        if (from == null || result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            return;
        }
        // A test's failure prints its own span; a class reports a failure only of its own (in
        // @BeforeAll, say), and then prints the class's whole span.
        long to = size();
        if (to <= from) {
            System.err.println("---- " + id.getDisplayName() + " failed; the application logged nothing meanwhile ----");
            return;
        }
        long start = Math.max(from, to - MAX_BYTES);
        StringBuilder out = new StringBuilder();
        out.append("---- application log while ").append(id.getDisplayName()).append(" ran (")
                .append(logFile()).append(start > from ? ", its last " + MAX_BYTES / 1000 + " kB" : "").append(") ----\n");
        try (RandomAccessFile f = new RandomAccessFile(logFile().toFile(), "r")) {
            byte[] bytes = new byte[(int) (to - start)];
            f.seek(start);
            f.readFully(bytes);
            out.append(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            out.append("(cannot read it: ").append(e).append(")\n");
        }
        out.append("---- end of the application log of ").append(id.getDisplayName()).append(" ----");
        System.err.println(out);
    }

    private static long size() {
        try {
            return Files.size(logFile());
        } catch (IOException e) {
            return 0; // nothing logged yet
        }
    }
}
