package org.maskline.transcripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An OpenAI-compatible transcription service: {@code POST {base}/v1/audio/transcriptions}, multipart
 * with {@code file}, {@code model}, {@code response_format=verbose_json} (segments with times) and,
 * when set, {@code language}. A service that answers without segments gets one segment for the
 * whole text.
 */
public final class OpenAiTranscriber implements TranscriptionEngine {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final String model;
    private final Optional<String> language;
    private final Duration timeout;

    /** @param base the service's root, e.g. {@code http://127.0.0.1:9000} (the path is appended) */
    public OpenAiTranscriber(URI base, String model, Optional<String> language, Duration timeout) {
        String b = base.toString().replaceAll("/+$", "");
        if (b.endsWith("/v1")) b = b.substring(0, b.length() - 3);
        this.endpoint = URI.create(b + "/v1/audio/transcriptions");
        this.model = model;
        this.language = language;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public Result transcribe(Path monoWav) throws TranscriptionException, InterruptedException {
        String boundary = "maskline-" + UUID.randomUUID();
        byte[] body;
        try {
            body = multipart(boundary, Files.readAllBytes(monoWav));
        } catch (IOException e) {
            throw new TranscriptionException("cannot read the track: " + e.getMessage(), false, e);
        }
        HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TranscriptionException("transcription service unreachable: " + e.getMessage(), true, e);
        }
        int s = r.statusCode();
        if (s != 200) {
            // 408 and 429 and 5xx: the service is busy or down; any other 4xx: this request will never work.
            boolean retry = s == 408 || s == 429 || s >= 500;
            throw new TranscriptionException("transcription service answered " + s + ": " + errorMessage(r.body()), retry, null);
        }
        try {
            return parse(JSON.readTree(r.body()));
        } catch (IOException | RuntimeException e) {
            throw new TranscriptionException("transcription service answered something that is not its JSON", true, e);
        }
    }

    static Result parse(JsonNode n) {
        String text = n.path("text").asText("").strip();
        String lang = n.hasNonNull("language") ? n.get("language").asText() : null;
        List<Segment> segments = new ArrayList<>();
        for (JsonNode s : n.path("segments")) {
            String t = s.path("text").asText("").strip();
            if (!t.isEmpty()) segments.add(new Segment(s.path("start").asDouble(), s.path("end").asDouble(), t));
        }
        if (segments.isEmpty() && !text.isEmpty()) {
            segments.add(new Segment(0, n.path("duration").asDouble(0), text));
        }
        return new Result(lang, text, segments);
    }

    private byte[] multipart(String boundary, byte[] audio) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(audio.length + 1024);
        field(out, boundary, "model", model);
        field(out, boundary, "response_format", "verbose_json");
        if (language.isPresent()) field(out, boundary, "language", language.get());
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"track.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(audio);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String boundary, String name, String value) throws IOException {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The service's own error message (OpenAI's shape), shortened: never the transcript. */
    private static String errorMessage(String body) {
        try {
            String m = JSON.readTree(body).path("error").path("message").asText("");
            if (!m.isEmpty()) return m.length() > 150 ? m.substring(0, 150) : m;
        } catch (IOException e) {
            // not JSON
        }
        return "(no message)";
    }
}
