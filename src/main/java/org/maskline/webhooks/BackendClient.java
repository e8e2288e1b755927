package org.maskline.webhooks;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The HTTP client every request to the backend goes through: the JDK's, HTTP/1.1 with keep-alive,
 * on virtual threads, each request with its own deadline.
 */
final class BackendClient {
    private static final String USER_AGENT = "Maskline-Webhooks/1";
    private final HttpClient http;

    BackendClient(Duration connectTimeout) {
        // HTTP/1.1: the JDK would otherwise offer an h2c upgrade on every plain-http request.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    /** The answer's status and body. @throws IOException no answer within {@code timeout}, or none at all */
    HttpResponse<byte[]> post(OutgoingRequest r, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(r.uri()).timeout(timeout)
                .header("Content-Type", r.contentType()).header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
        for (Map.Entry<String, String> h : r.headers().entrySet()) b.header(h.getKey(), h.getValue());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The URL as logs may show it: scheme, host and port (a path or query may hold a token). */
    static String where(java.net.URI u) {
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    }
}
