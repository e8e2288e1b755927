package org.maskline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
    static final String KEY = "0123456789abcdef0123";

    static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("MASKLINE_API_KEYS", KEY);
        env.put("MASKLINE_ARI_USER", "maskline");
        env.put("MASKLINE_ARI_PASSWORD", "secret-ari");
        return env;
    }

    @Test
    void defaults() {
        Config c = Config.load(minimal(), Optional.empty());
        assertEquals(new HostPort("127.0.0.1", 8080), c.httpAddr());
        assertEquals(List.of(KEY), c.apiKeys());
        assertEquals("jdbc:h2:file:./data/maskline", c.database().url());
        assertEquals(Duration.ofDays(90), c.database().retention());
        assertEquals(URI.create("http://127.0.0.1:8088/ari"), c.ari().url());
        assertEquals("maskline", c.ari().app());
        assertEquals("PJSIP/{number}@trunk", c.dialTemplate());
        assertEquals(Duration.ofSeconds(30), c.ringTimeout());
        assertEquals(Duration.ofHours(4), c.defaultTtl());
        assertEquals("", c.defaultCountry());
        assertEquals(new Unroutable.Reject(), c.unroutable());
        assertEquals("ss-noservice", c.announcement());
        assertEquals(Duration.ofHours(4), c.maxCallDuration());
        assertEquals(Optional.empty(), c.agiAddr());
        assertEquals(List.of("127.0.0.1"), c.agiAllow());
        assertFalse(c.logRealNumbers());
        assertEquals("INFO", c.logLevel());
        assertEquals(Duration.ofSeconds(10), c.stopTimeout());
        assertTrue(c.instanceId().endsWith("-" + ProcessHandle.current().pid()), c.instanceId());
        assertEquals(Duration.ofSeconds(3), c.leaseDuration());
        assertEquals(3, c.forwardLimitPerMinute());
        assertEquals(10_000, c.callLogQueue());
    }

    @Test
    void newKeysAreRead() {
        Map<String, String> env = minimal();
        env.put("MASKLINE_AGI_ADDR", "127.0.0.1:4573");
        env.put("MASKLINE_AGI_ALLOW", "127.0.0.1, 10.0.0.7,::1");
        env.put("MASKLINE_STOP_TIMEOUT_SECONDS", "0");
        env.put("MASKLINE_INSTANCE_ID", "node-a");
        env.put("MASKLINE_LEASE_SECONDS", "9");
        env.put("MASKLINE_FORWARD_LIMIT_PER_MINUTE", "5");
        env.put("MASKLINE_CALLLOG_QUEUE", "50");
        env.put("MASKLINE_LOG_LEVEL", "warn");
        Config c = Config.load(env, Optional.empty());
        assertEquals(Optional.of(new HostPort("127.0.0.1", 4573)), c.agiAddr());
        assertEquals(List.of("127.0.0.1", "10.0.0.7", "0:0:0:0:0:0:0:1"), c.agiAllow());
        assertEquals(Duration.ZERO, c.stopTimeout());
        assertEquals("node-a", c.instanceId());
        assertEquals(Duration.ofSeconds(9), c.leaseDuration());
        assertEquals(5, c.forwardLimitPerMinute());
        assertEquals(50, c.callLogQueue());
        assertEquals("WARN", c.logLevel());
    }

    @Test
    void logLevelIsAcceptedInTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.properties");
        Files.writeString(file, "MASKLINE_LOG_LEVEL=DEBUG\n");
        assertEquals("DEBUG", Config.load(minimal(), Optional.of(file)).logLevel());
        Files.writeString(file, "MASKLINE_LOG_LEVEL=LOUD\n");
        var e = assertThrows(ConfigException.class, () -> Config.load(minimal(), Optional.of(file)));
        assertTrue(e.getMessage().startsWith("MASKLINE_LOG_LEVEL"), e.getMessage());
    }

    @Test
    void httpsAriAndThePlaceholderPasswordAreRefusedWithTheFix() {
        Map<String, String> env = minimal();
        env.put("MASKLINE_ARI_URL", "https://pbx.example/ari");
        var e = assertThrows(ConfigException.class, () -> Config.load(env, Optional.empty()));
        assertTrue(e.getMessage().startsWith("MASKLINE_ARI_URL https is not supported"), e.getMessage());
        Map<String, String> env2 = minimal();
        env2.put("MASKLINE_ARI_PASSWORD", AriConfig.PLACEHOLDER_PASSWORD);
        var p = assertThrows(ConfigException.class, () -> Config.load(env2, Optional.empty()));
        assertTrue(p.getMessage().startsWith("MASKLINE_ARI_PASSWORD") && p.getMessage().contains("openssl rand"), p.getMessage());
        assertFalse(p.getMessage().contains("\n"), p.getMessage());
    }

    /** Every key the code reads is documented in both places an operator looks. */
    @Test
    void everyKeyIsDocumented() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String doc = Files.readString(Path.of("docs/configuration.md"));
        for (String key : Config.allKeys()) {
            assertTrue(readme.contains("`" + key + "`"), key + " is missing from README.md's configuration table");
            assertTrue(doc.contains("`" + key + "`"), key + " is missing from docs/configuration.md");
        }
    }

    @Test
    void environmentOverridesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("maskline.properties");
        Files.writeString(file, "MASKLINE_DEFAULT_COUNTRY=es\nMASKLINE_HTTP_ADDR=0.0.0.0:9000\nMASKLINE_UNROUTABLE=forward:+34910000000\n");
        Map<String, String> env = minimal();
        env.put("MASKLINE_HTTP_ADDR", "[::1]:8443");
        Config c = Config.load(env, Optional.of(file));
        assertEquals("ES", c.defaultCountry());
        assertEquals(new HostPort("::1", 8443), c.httpAddr());
        assertEquals(new Unroutable.Forward("+34910000000"), c.unroutable());
    }

    /** Issue 18: secrets as files (Docker secrets, systemd credentials) through MASKLINE_X_FILE. */
    @Test
    void secretsAreReadFromFilesNamedByTheFileVariables(@TempDir Path dir) throws IOException {
        Path keys = Files.writeString(dir.resolve("api_keys"), KEY + ",fedcba9876543210fedc\n");
        Path ari = Files.writeString(dir.resolve("ari_password"), "from-a-file-0123456789\r\n");
        Map<String, String> env = minimal();
        env.remove("MASKLINE_API_KEYS");
        env.remove("MASKLINE_ARI_PASSWORD");
        env.put("MASKLINE_API_KEYS_FILE", keys.toString());
        env.put("MASKLINE_ARI_PASSWORD_FILE", ari.toString());
        Config c = Config.load(env, Optional.empty());
        assertEquals(List.of(KEY, "fedcba9876543210fedc"), c.apiKeys());
        assertEquals("from-a-file-0123456789", c.ari().password());

        // The same in a --config file, where the environment's direct value still wins.
        Path props = Files.writeString(dir.resolve("maskline.properties"), "MASKLINE_DB_PASSWORD_FILE=" + ari + "\n");
        assertEquals("from-a-file-0123456789", Config.load(minimal(), Optional.of(props)).database().password());
        Map<String, String> direct = minimal();
        direct.put("MASKLINE_DB_PASSWORD", "from-the-environment");
        assertEquals("from-the-environment", Config.load(direct, Optional.of(props)).database().password());
    }

    @Test
    void aSecretFileThatCannotServeIsRefusedInOneLineNamingIt(@TempDir Path dir) throws IOException {
        Map<String, String> both = minimal();
        both.put("MASKLINE_ARI_PASSWORD_FILE", Files.writeString(dir.resolve("p"), "x".repeat(20)).toString());
        var e = assertThrows(ConfigException.class, () -> Config.load(both, Optional.empty()));
        assertEquals("MASKLINE_ARI_PASSWORD and MASKLINE_ARI_PASSWORD_FILE are both set: keep one", e.getMessage());

        Map<String, String> missing = minimal();
        missing.put("MASKLINE_DB_PASSWORD_FILE", dir.resolve("nope").toString());
        e = assertThrows(ConfigException.class, () -> Config.load(missing, Optional.empty()));
        assertEquals("MASKLINE_DB_PASSWORD_FILE cannot read " + dir.resolve("nope") + " (NoSuchFileException)", e.getMessage());

        Map<String, String> empty = minimal();
        empty.put("MASKLINE_DB_PASSWORD_FILE", Files.writeString(dir.resolve("empty"), "\n").toString());
        e = assertThrows(ConfigException.class, () -> Config.load(empty, Optional.empty()));
        assertEquals("MASKLINE_DB_PASSWORD_FILE " + dir.resolve("empty") + " is empty", e.getMessage());

        Path props = Files.writeString(dir.resolve("bad.properties"), "MASKLINE_NOPE_FILE=/x\n");
        e = assertThrows(ConfigException.class, () -> Config.load(minimal(), Optional.of(props)));
        assertTrue(e.getMessage().contains("unknown key 'MASKLINE_NOPE_FILE'"), e.getMessage());
    }

    @Test
    void secretsStayOutOfToString() {
        Map<String, String> env = minimal();
        env.put("MASKLINE_DB_PASSWORD", "db-secret-1");
        String s = Config.load(env, Optional.empty()).toString();
        assertFalse(s.contains(KEY) || s.contains("secret-ari") || s.contains("db-secret-1"), s);
    }

    @Test
    void refusesToStartWithoutAnApiKey() {
        Map<String, String> env = minimal();
        env.remove("MASKLINE_API_KEYS");
        var e = assertThrows(ConfigException.class, () -> Config.load(env, Optional.empty()));
        assertTrue(e.getMessage().startsWith("MASKLINE_API_KEYS"), e.getMessage());
        env.put("MASKLINE_API_KEYS", " , ");
        assertThrows(ConfigException.class, () -> Config.load(env, Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MASKLINE_API_KEYS | short",
            "MASKLINE_HTTP_ADDR | localhost",
            "MASKLINE_HTTP_ADDR | 127.0.0.1:99999",
            "MASKLINE_DB_URL | jdbc:mysql://x/y",
            "MASKLINE_ARI_URL | ftp://host/ari",
            "MASKLINE_ARI_USER | ''",
            "MASKLINE_ARI_APP | bad app",
            "MASKLINE_DIAL_TEMPLATE | PJSIP/trunk",
            "MASKLINE_RING_TIMEOUT_SECONDS | 0",
            "MASKLINE_DEFAULT_TTL_SECONDS | soon",
            "MASKLINE_DEFAULT_COUNTRY | XX",
            "MASKLINE_UNROUTABLE | forward:12345",
            "MASKLINE_UNROUTABLE | drop",
            "MASKLINE_ANNOUNCEMENT | ../../etc/passwd;x",
            "MASKLINE_MAX_CALL_SECONDS | -1",
            "MASKLINE_AGI_ADDR | :",
            "MASKLINE_LOG_REAL_NUMBERS | yes",
            "MASKLINE_RETENTION_DAYS | 0",
            "MASKLINE_DB_POOL_SIZE | 0",
            "MASKLINE_SWEEP_INTERVAL_SECONDS | 99999",
            "MASKLINE_ARI_URL | https://127.0.0.1:8089/ari",
            "MASKLINE_ARI_PASSWORD | CHANGE-ME-to-a-long-random-secret",
            "MASKLINE_LOG_LEVEL | LOUD",
            "MASKLINE_AGI_ALLOW | localhost",
            "MASKLINE_AGI_ALLOW | 10.0.0.300",
            "MASKLINE_STOP_TIMEOUT_SECONDS | -1",
            "MASKLINE_INSTANCE_ID | has space",
            "MASKLINE_LEASE_SECONDS | 0",
            "MASKLINE_FORWARD_LIMIT_PER_MINUTE | 0",
            "MASKLINE_CALLLOG_QUEUE | lots",
    })
    void namesTheBadKeyInOneLine(String key, String value) {
        Map<String, String> env = minimal();
        env.put(key, value);
        var e = assertThrows(ConfigException.class, () -> Config.load(env, Optional.empty()));
        assertTrue(e.getMessage().startsWith(key), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void refusesUnknownKeysInTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.properties");
        Files.writeString(file, "MASKLINE_DEFAULT_CONTRY=ES\n");
        var e = assertThrows(ConfigException.class, () -> Config.load(minimal(), Optional.of(file)));
        assertTrue(e.getMessage().contains("MASKLINE_DEFAULT_CONTRY"), e.getMessage());
        var missing = assertThrows(ConfigException.class, () -> Config.load(minimal(), Optional.of(dir.resolve("nope"))));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
    }

    // ---- issue 13: text messages ------------------------------------------------------------------

    @Test
    void messagesHaveSafeDefaults() {
        Config c = Config.load(minimal(), Optional.empty());
        assertEquals(30, c.messages().perMinute());
        assertEquals(Optional.empty(), c.messages().unroutableReply());
        assertEquals(false, c.messages().storeBodies(), "bodies are personal data: not stored unless asked");
    }

    @Test
    void messageKeysAreReadAndChecked() {
        Map<String, String> env = minimal();
        env.put("MASKLINE_SMS_PER_MINUTE", "5");
        env.put("MASKLINE_SMS_UNROUTABLE_REPLY", "  No se puede ✗ ");
        env.put("MASKLINE_STORE_MESSAGE_BODIES", "true");
        Config c = Config.load(env, Optional.empty());
        assertEquals(5, c.messages().perMinute());
        assertEquals(Optional.of("  No se puede ✗ "), c.messages().unroutableReply(), "the operator's words, as written");
        assertEquals(true, c.messages().storeBodies());

        env.put("MASKLINE_SMS_PER_MINUTE", "0");
        var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> Config.load(env, Optional.empty()));
        assertEquals("MASKLINE_SMS_PER_MINUTE must be between 1 and 100000, got 0", e.getMessage());
        env.put("MASKLINE_SMS_PER_MINUTE", "5");
        env.put("MASKLINE_SMS_UNROUTABLE_REPLY", "é".repeat(512));
        e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> Config.load(env, Optional.empty()));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("MASKLINE_SMS_UNROUTABLE_REPLY must be at most 1023 bytes"),
                e.getMessage());
        env.put("MASKLINE_SMS_UNROUTABLE_REPLY", "ok");
        env.put("MASKLINE_STORE_MESSAGE_BODIES", "yes");
        e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> Config.load(env, Optional.empty()));
        assertEquals("MASKLINE_STORE_MESSAGE_BODIES must be true or false, got 'yes'", e.getMessage());
    }

    // ---- issue 16: webhooks ----

    @Test
    void webhooksAreOffByDefaultAndEveryUrlNeedsTheSecret() {
        Config c = Config.load(minimal(), Optional.empty());
        assertTrue(c.webhooks().url().isEmpty() && c.webhooks().interceptUrl().isEmpty() && c.webhooks().routeUrl().isEmpty());
        assertEquals(java.time.Duration.ZERO, c.webhooks().callHookBudget());
        for (String key : List.of("MASKLINE_WEBHOOK_URL", "MASKLINE_INTERCEPT_URL", "MASKLINE_ROUTE_URL")) {
            Map<String, String> env = minimal();
            env.put(key, "https://backend.example/hook");
            var e = assertThrows(ConfigException.class, () -> Config.load(env, Optional.empty()));
            assertTrue(e.getMessage().startsWith("MASKLINE_WEBHOOK_SECRET"), e.getMessage());
            env.put("MASKLINE_WEBHOOK_SECRET", "short");
            assertThrows(ConfigException.class, () -> Config.load(env, Optional.empty()));
            env.put("MASKLINE_WEBHOOK_SECRET", "0123456789abcdef0123");
            Config.load(env, Optional.empty());
        }
    }

    @Test
    void webhookSettingsAreReadAndCheckedWithTheirKeyNamed() {
        Map<String, String> env = minimal();
        env.put("MASKLINE_WEBHOOK_SECRET", "0123456789abcdef0123");
        env.put("MASKLINE_INTERCEPT_URL", "http://127.0.0.1:9000/intercept");
        env.put("MASKLINE_INTERCEPT_TIMEOUT_MS", "250");
        env.put("MASKLINE_INTERCEPT_ON_TIMEOUT", "block");
        env.put("MASKLINE_ROUTE_URL", "http://127.0.0.1:9000/route");
        env.put("MASKLINE_ROUTE_MODE", "always");
        Config c = Config.load(env, Optional.empty());
        assertTrue(c.webhooks().blockOnTimeout());
        assertTrue(c.webhooks().routeAlways());
        assertEquals(java.time.Duration.ofMillis(1250), c.webhooks().callHookBudget());
        assertFalse(c.toString().contains("0123456789abcdef0123"), "the secret stays out of logs");
        for (var bad : List.of(Map.entry("MASKLINE_ROUTE_MODE", "sometimes"), Map.entry("MASKLINE_INTERCEPT_ON_TIMEOUT", "maybe"),
                Map.entry("MASKLINE_ROUTE_URL", "ftp://x/route"), Map.entry("MASKLINE_INTERCEPT_TIMEOUT_MS", "0"),
                Map.entry("MASKLINE_WEBHOOK_TIMEOUT_MS", "abc"))) {
            Map<String, String> e2 = new java.util.HashMap<>(env);
            e2.put(bad.getKey(), bad.getValue());
            var e = assertThrows(ConfigException.class, () -> Config.load(e2, Optional.empty()), bad.toString());
            assertTrue(e.getMessage().startsWith(bad.getKey()), e.getMessage());
        }
    }
}
