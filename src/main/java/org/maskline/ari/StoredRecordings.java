package org.maskline.ari;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code /recordings}: the finished recordings Asterisk keeps, and the live ones it is making.
 *
 * <p>A recording can be an hour of audio, far more than the REST pool holds in memory (it aggregates
 * bodies, 16 MiB at most), so this uses the JDK's HTTP client and streams files straight to disk.
 * It is blocking: call it from a thread that may block. Maskline and Asterisk may be on different
 * hosts, which is why recordings travel over ARI and never through a shared folder.
 */
public final class StoredRecordings {
    private final HttpClient http;
    private final String base;
    private final String auth;
    private final Duration timeout;

    public StoredRecordings(AriConfig config) {
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
        String b = config.baseUri().toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.auth = BasicAuth.header(config.user(), config.password());
        this.timeout = config.requestTimeout();
    }

    /**
     * Downloads a stored recording to {@code target} (replaced only when the download is complete).
     *
     * @return false when Asterisk has no stored recording of that name
     * @throws AriException for any other failure
     */
    public boolean download(String name, Path target) throws IOException, InterruptedException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        // The whole file may take a while on a slow link; the timeout is for the first byte.
        HttpRequest req = request("/recordings/stored/" + encode(name) + "/file").timeout(timeout.multipliedBy(12)).GET().build();
        HttpResponse<Path> r = http.send(req, HttpResponse.BodyHandlers.ofFile(part));
        if (r.statusCode() == 404) {
            Files.deleteIfExists(part);
            return false;
        }
        if (r.statusCode() != 200) {
            String text = Files.exists(part) ? Files.readString(part, StandardCharsets.UTF_8) : "";
            Files.deleteIfExists(part);
            throw AriException.forStatus("GET /recordings/stored/{name}/file", r.statusCode(), RestTransport.asteriskMessage(text.getBytes(StandardCharsets.UTF_8)));
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    /** Deletes a stored recording; true when it existed. */
    public boolean delete(String name) throws IOException, InterruptedException {
        return status("DELETE", "/recordings/stored/" + encode(name)) != 404;
    }

    /** The state of a live recording ("recording", "paused", "queued"...), empty when none of that name is live. */
    public Optional<String> liveState(String name) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("/recordings/live/" + encode(name)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) return Optional.empty();
        if (r.statusCode() != 200) throw AriException.forStatus("GET /recordings/live/{name}", r.statusCode(), RestTransport.asteriskMessage(r.body().getBytes(StandardCharsets.UTF_8)));
        LiveRecording live = AriJson.MAPPER.readValue(r.body(), LiveRecording.class);
        return Optional.ofNullable(live.state());
    }

    /** Stops a live recording and stores it; true when it was live. */
    public boolean stop(String name) throws IOException, InterruptedException {
        return status("POST", "/recordings/live/" + encode(name) + "/stop") != 404;
    }

    private int status(String method, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2 && r.statusCode() != 404) {
            throw AriException.forStatus(method + " /recordings", r.statusCode(), RestTransport.asteriskMessage(r.body().getBytes(StandardCharsets.UTF_8)));
        }
        return r.statusCode();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Authorization", auth);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
