package org.maskline.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.maskline.config.AriConfig;

/**
 * Issue 10, attack 4 (images): the sample ARI password was baked into the Docker image. The
 * images carry no secret; the Asterisk image takes its ARI password from the environment at start
 * and refuses the placeholder. The files and the entrypoint are checked here; scripts/docker-stack
 * (DockerStackIT) builds and runs the images for real.
 */
class DockerSecretsTest {
    private static final Path PROJECT = Path.of(System.getProperty("maskline.projectDir", "")).toAbsolutePath();

    @Test
    void noImageOrComposeFileHoldsASecretValue() throws Exception {
        List<String> found = new ArrayList<>();
        for (String f : List.of("docker/Dockerfile", "docker/asterisk/Dockerfile")) {
            for (String line : Files.readAllLines(PROJECT.resolve(f))) {
                if (line.matches("(?i)\\s*(ENV|ARG)\\b.*(PASSWORD|SECRET|KEYS?)\\b.*")) found.add(f + ": " + line.strip());
            }
        }
        // Every secret in the compose file is a file under /run/secrets (a compose secret, issue 18),
        // never a literal, and never an environment value that docker inspect would show.
        Matcher m = Pattern.compile("(?m)^\\s*(\\w*(?:PASSWORD|API_KEYS)\\w*):\\s*(.*)$")
                .matcher(Files.readString(PROJECT.resolve("docker/compose.yaml")));
        int secrets = 0;
        while (m.find()) {
            secrets++;
            if (!(m.group(1).endsWith("_FILE") && m.group(2).strip().startsWith("/run/secrets/"))) {
                found.add("docker/compose.yaml: " + m.group(1) + ": " + m.group(2));
            }
        }
        assertEquals(5, secrets, "the API keys, the ARI password (Asterisk, Maskline), the database password (PostgreSQL, Maskline)");
        assertEquals(List.of(), found);
        // The image copies asterisk-conf/, whose ari.conf must not hold a usable password.
        String ari = Files.readString(PROJECT.resolve("asterisk-conf/ari.conf"));
        assertTrue(ari.matches("(?s).*\\npassword_format = crypt\\n.*"), "the shipped ari.conf's placeholder is not a crypt hash");
        assertFalse(Files.exists(PROJECT.resolve("asterisk-conf/ari_site.conf")), "a site password file is shipped");
    }

    private static int entrypoint(Path etc, String password) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", PROJECT.resolve("docker/asterisk/entrypoint.sh").toString(),
                "sh", "-c", "echo started > \"$ASTERISK_ETC/started\"").redirectErrorStream(true)
                .redirectOutput(etc.resolve("entrypoint.out").toFile());
        Map<String, String> env = pb.environment();
        env.remove("MASKLINE_ARI_PASSWORD");
        env.put("ASTERISK_ETC", etc.toString());
        if (password != null) env.put("MASKLINE_ARI_PASSWORD", password);
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the entrypoint did not finish");
        return p.exitValue();
    }

    @Test
    void theAsteriskImageTakesItsAriPasswordFromTheEnvironmentAtStart(@TempDir Path etc) throws Exception {
        assertNotEquals(0, entrypoint(etc, null), "started with no password at all");
        assertNotEquals(0, entrypoint(etc, AriConfig.PLACEHOLDER_PASSWORD), "started with the placeholder");
        assertNotEquals(0, entrypoint(etc, "short"), "started with a short password");
        assertNotEquals(0, entrypoint(etc, "0123456789abcdef;x"), "started with a password ari.conf would cut");
        assertFalse(Files.exists(etc.resolve("started")));

        String secret = "3f0c9a1b7d2e4f60a8b5c1d2e3f40516";
        assertEquals(0, entrypoint(etc, secret), Files.readString(etc.resolve("entrypoint.out")));
        assertTrue(Files.exists(etc.resolve("started")), "the command did not run");
        Path site = etc.resolve("ari_site.conf");
        assertTrue(Files.readString(site).contains("[maskline](+)\npassword = " + secret + "\npassword_format = plain\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(site)));
        // Issue 18: from a mounted secret file (MASKLINE_ARI_PASSWORD_FILE), its line break dropped.
        Files.delete(site);
        Files.delete(etc.resolve("started"));
        Path file = Files.writeString(etc.resolve("ari_password"), "a0b1c2d3e4f5a6b7c8d9e0f1\n");
        assertEquals(0, entrypointWithFile(etc, file.toString(), null), Files.readString(etc.resolve("entrypoint.out")));
        assertTrue(Files.readString(site).contains("\npassword = a0b1c2d3e4f5a6b7c8d9e0f1\npassword_format = plain\n"), Files.readString(site));
        assertNotEquals(0, entrypointWithFile(etc, etc.resolve("missing").toString(), null), "started with an unreadable file");
        assertNotEquals(0, entrypointWithFile(etc, file.toString(), secret), "started with both a file and a value");
    }

    private static int entrypointWithFile(Path etc, String file, String password) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", PROJECT.resolve("docker/asterisk/entrypoint.sh").toString(),
                "sh", "-c", "echo started > \"$ASTERISK_ETC/started\"").redirectErrorStream(true)
                .redirectOutput(etc.resolve("entrypoint.out").toFile());
        Map<String, String> env = pb.environment();
        env.remove("MASKLINE_ARI_PASSWORD");
        env.put("ASTERISK_ETC", etc.toString());
        env.put("MASKLINE_ARI_PASSWORD_FILE", file);
        if (password != null) env.put("MASKLINE_ARI_PASSWORD", password);
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "the entrypoint did not finish");
        return p.exitValue();
    }
}
