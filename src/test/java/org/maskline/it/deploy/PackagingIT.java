package org.maskline.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;

/**
 * Issue 18: packaging/install lays Maskline out as docs/deploy.md says, systemd accepts the unit,
 * and the installed launcher runs the server the way the unit does (settings from maskline.env,
 * secrets as credential files through *_FILE, no JAVA_HOME) against a real Asterisk, and the
 * installed command line talks to it. SIGTERM stops it with 0, as the unit expects.
 */
@ExtendWith(SandboxExtension.class)
class PackagingIT {
    @Test
    void theInstalledLayoutRunsAsItsSystemdUnitRunsIt(Sandbox sandbox, @TempDir Path root) throws Exception {
        Shell.Result install = Shell.run(List.of(Shell.PROJECT.resolve("packaging/install").toString()), root,
                Map.of("DESTDIR", root.toString()), Duration.ofSeconds(30));
        assertEquals(0, install.code(), install.output());
        Path opt = root.resolve("opt/maskline");
        Path etc = root.resolve("etc/maskline");
        for (Path p : List.of(opt.resolve("bin/maskline"), opt.resolve("lib/maskline.jar"), opt.resolve("lib/jdk.sh"),
                etc.resolve("maskline.env"), root.resolve("etc/systemd/system/maskline.service"),
                root.resolve("etc/logrotate.d/maskline"), opt.resolve("docs/deploy.md"))) {
            assertTrue(Files.exists(p), p + " was not installed:\n" + install.output());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve("credentials"))));
        for (String s : List.of("api_keys", "ari_password")) {
            Path f = etc.resolve("credentials").resolve(s);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), s);
            assertTrue(Files.readString(f).matches("[0-9a-f]{48}"), s + " is a fresh random secret");
        }

        // systemd's own check of the unit, pointed at this tree: not one complaint.
        Path unit = root.resolve("maskline.service");
        Files.writeString(unit, Files.readString(root.resolve("etc/systemd/system/maskline.service"))
                .replace("/opt/maskline", opt.toString()).replace("/etc/maskline", etc.toString()));
        Shell.Result verify = Shell.run(List.of("systemd-analyze", "verify", unit.toString()), root, Map.of(), Duration.ofSeconds(30));
        assertEquals(0, verify.code(), verify.output());
        assertEquals("", verify.output().strip(), "systemd-analyze verify complained");

        // The operator writes the ARI password they set in ari_site.conf (here: the sandbox's).
        Files.writeString(etc.resolve("credentials/ari_password"), Sandbox.ARI_PASSWORD + "\n");
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(etc.resolve("maskline.env"))) {
            if (!line.isBlank() && !line.startsWith("#")) env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        int port = Shell.freePort();
        env.put("MASKLINE_HTTP_ADDR", "127.0.0.1:" + port);
        env.put("MASKLINE_API_KEYS_FILE", etc.resolve("credentials/api_keys").toString());
        env.put("MASKLINE_ARI_PASSWORD_FILE", etc.resolve("credentials/ari_password").toString());
        Path work = Files.createDirectories(root.resolve("var/lib/maskline"));
        ProcessBuilder pb = Shell.clean(List.of(opt.resolve("bin/maskline").toString()), work);
        pb.environment().putAll(env);
        pb.redirectOutput(root.resolve("maskline.log").toFile());
        Process server = pb.start();
        try {
            String key = Files.readString(etc.resolve("credentials/api_keys")).strip();
            awaitReady(server, port, root.resolve("maskline.log"));

            Shell.Result add = Shell.run(List.of(opt.resolve("bin/maskline").toString(), "numbers", "add", "+15550177",
                    "--url", "http://127.0.0.1:" + port), work, Map.of("MASKLINE_API_KEY", key), Duration.ofSeconds(30));
            assertEquals(0, add.code(), add.output());
            assertTrue(add.output().contains("\"number\":\"+15550177\""), add.output());
            assertTrue(Files.exists(work.resolve("data/maskline.mv.db")), "H2 keeps its file in the service's directory");
        } finally {
            server.destroy(); // SIGTERM, as systemctl stop sends
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM (TimeoutStopSec)");
        }
        assertEquals(0, server.exitValue(), Files.readString(root.resolve("maskline.log")));

        // docs/deploy.md's H2 backup, with the installed jar, on the stopped service's file; then
        // its restore into an empty directory, which must hold the number added above.
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Path backup = root.resolve("backup/maskline.zip");
        Files.createDirectories(backup.getParent());
        Shell.Result script = Shell.run(List.of(javaBin, "-cp", opt.resolve("lib/maskline.jar").toString(), "org.h2.tools.Script",
                "-url", "jdbc:h2:file:" + work.resolve("data/maskline"), "-user", "", "-script", backup.toString(),
                "-options", "compression", "zip"), root, Map.of(), Duration.ofSeconds(60));
        assertEquals(0, script.code(), script.output());
        Path restored = root.resolve("restored/maskline");
        Shell.Result restore = Shell.run(List.of(javaBin, "-cp", opt.resolve("lib/maskline.jar").toString(), "org.h2.tools.RunScript",
                "-url", "jdbc:h2:file:" + restored, "-user", "", "-script", backup.toString(),
                "-options", "compression", "zip"), root, Map.of(), Duration.ofSeconds(60));
        assertEquals(0, restore.code(), restore.output());
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + restored, "", "");
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM pool_numbers WHERE number = '+15550177'")) {
            assertTrue(rs.next() && rs.getInt(1) == 1, "the restored backup holds the number");
        }
    }

    private static void awaitReady(Process server, int port, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (!server.isAlive()) throw new AssertionError("the installed server exited:\n" + Files.readString(log));
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50); // another process's readiness, polled with a deadline
        }
        throw new AssertionError("not ready within 60 s:\n" + Files.readString(log));
    }
}
