package org.maskline.it.recordings;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The real recognizer, as a service: {@code scripts/transcriber/run serve} (PocketSphinx behind an
 * OpenAI-compatible endpoint) on a free loopback port, up until closed.
 */
final class Transcriber implements AutoCloseable {
    private final Process process;
    private final URI url;
    private final Path log;

    private Transcriber(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    static Transcriber start(Path project) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("transcriber", ".log");
        Process p = new ProcessBuilder(project.resolve("scripts/transcriber/run").toString(), "serve", "127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Transcriber t = new Transcriber(p, URI.create("http://127.0.0.1:" + port), log);
        t.awaitHealthy(Duration.ofMinutes(5)); // the first run may install its packages
        return t;
    }

    URI url() {
        return url;
    }

    private void awaitHealthy(Duration deadline) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) throw new IllegalStateException("the transcriber exited:\n" + Files.readString(log));
            try {
                var r = http.send(HttpRequest.newBuilder(url.resolve("/health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100); // polling its health endpoint with a deadline: the service announces nothing else
        }
        throw new IllegalStateException("the transcriber did not answer within " + deadline + ":\n" + Files.readString(log));
    }

    @Override
    public void close() throws IOException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }
}
