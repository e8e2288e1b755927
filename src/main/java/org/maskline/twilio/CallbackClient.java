package org.maskline.twilio;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Sends one Twilio-style callback: a form-encoded POST signed with {@code X-Twilio-Signature}. */
final class CallbackClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String authToken;

    CallbackClient(String authToken) {
        this.authToken = authToken;
    }

    /** @return the HTTP status the backend answered within {@code timeout} */
    int post(String url, Map<String, String> raw, Duration timeout) throws IOException, InterruptedException {
        // Absent values are sent, and signed, as empty strings: what the receiver's form parser gives it.
        Map<String, String> params = new TreeMap<>();
        raw.forEach((k, v) -> params.put(k, v == null ? "" : v));
        String body = params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("X-Twilio-Signature", TwilioSignature.sign(authToken, url, params))
                .header("User-Agent", "Maskline-Proxy-Callback")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
