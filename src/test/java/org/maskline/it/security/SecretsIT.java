package org.maskline.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.config.AriConfig;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;

/**
 * Issue 10, attack 4 (Asterisk's side): the sample ARI password works. The shipped ari.conf, as
 * installed with no site password, lets nobody in (the placeholder least of all); and Asterisk's
 * HTTP server does not tell a stranger its version.
 */
@ExtendWith(SandboxExtension.class)
class SecretsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private static HttpResponse<String> ping(Optional<String> password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(Sandbox.ARI_URL + "/asterisk/ping"))
                .timeout(Duration.ofSeconds(5)).GET();
        password.ifPresent(p -> b.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((Sandbox.ARI_USER + ":" + p).getBytes(StandardCharsets.UTF_8))));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theShippedAriConfLetsNobodyInWithThePlaceholderPassword(Sandbox sandbox) throws Exception {
        Path etc = sandbox.root().resolve("etc/asterisk");
        Path ari = etc.resolve("ari.conf");
        Path site = etc.resolve("ari_site.conf");
        byte[] installed = Files.readAllBytes(ari);
        byte[] installedSite = Files.exists(site) ? Files.readAllBytes(site) : null;
        int placeholder;
        try {
            // As a sysadmin installs it: the shipped ari.conf, no site password yet.
            Files.copy(sandbox.projectDir().resolve("asterisk-conf/ari.conf"), ari, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(site);
            sandbox.cli("module reload res_ari.so");
            placeholder = ping(Optional.of(AriConfig.PLACEHOLDER_PASSWORD)).statusCode();
        } finally {
            Files.write(ari, installed);
            if (installedSite != null) Files.write(site, installedSite);
            sandbox.cli("module reload res_ari.so");
        }
        assertEquals(401, placeholder, "the sample's placeholder password opened ARI");
        assertEquals(200, ping(Optional.of(Sandbox.ARI_PASSWORD)).statusCode(), "the sandbox's own password works again");
        assertEquals(401, ping(Optional.of(AriConfig.PLACEHOLDER_PASSWORD)).statusCode(), "the placeholder with the site file");
    }

    @Test
    void asterisksHttpServerDoesNotTellItsVersion() throws Exception {
        HttpResponse<String> r = ping(Optional.empty());
        assertEquals(401, r.statusCode());
        Optional<String> server = r.headers().firstValue("Server");
        server.ifPresent(s -> {
            assertFalse(s.toLowerCase().contains("asterisk"), "Server header: " + s);
            assertFalse(s.matches(".*\\d.*"), "Server header carries a version: " + s);
        });
    }
}
