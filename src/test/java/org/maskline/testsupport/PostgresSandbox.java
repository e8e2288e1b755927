package org.maskline.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The real PostgreSQL of the integration tests: started once per JVM through scripts/postgres-sandbox.
 * When it cannot start, every test that needs it fails with the script's output; none is skipped.
 */
public final class PostgresSandbox {
    private PostgresSandbox() {}

    private static String url;

    /** The sandbox's JDBC URL, starting the sandbox on first use. */
    public static synchronized String jdbcUrl() {
        if (url == null) {
            run("start");
            url = run("url").trim();
        }
        return url;
    }

    /** A new empty schema; its URL makes it the connection's default schema. Drop it when done. */
    public static Schema freshSchema() {
        String base = jdbcUrl();
        String name = "t_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        exec(base, "CREATE SCHEMA " + name);
        return new Schema(name, base + "&currentSchema=" + name);
    }

    public record Schema(String name, String url) implements AutoCloseable {
        @Override
        public void close() {
            exec(jdbcUrl(), "DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }

    private static void exec(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String run(String command) {
        Path dir = Path.of(System.getProperty("maskline.projectDir", "."));
        Path script = dir.resolve("scripts/postgres-sandbox");
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException("PostgreSQL sandbox script not found at " + script.toAbsolutePath());
        }
        try {
            Process p = new ProcessBuilder(script.toString(), command).directory(dir.toFile())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("scripts/postgres-sandbox " + command + " timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("scripts/postgres-sandbox " + command + " failed (exit " + p.exitValue() + "): " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scripts/postgres-sandbox: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
