package org.maskline.transcripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.maskline.recordings.Wav;

/**
 * The client's side of OpenAI's transcription API. The real recognizer is exercised by RecordedCallIT;
 * here a small HTTP server stands in only to inject the service's failures and odd answers.
 */
class OpenAiTranscriberTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicReference<String> request = new AtomicReference<>();

    private URI serve(int status, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/audio/transcriptions", ex -> {
            request.set(ex.getRequestHeaders().getFirst("Content-Type") + "\n"
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1));
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private Path track() throws Exception {
        Path p = dir.resolve("t.wav");
        Files.write(p, Wav.header(1, 8000, 0));
        return p;
    }

    @Test
    void sendsTheTrackAsMultipartAndReadsTheSegments() throws Exception {
        URI base = serve(200, "{\"text\":\"hello there\",\"language\":\"en\",\"segments\":["
                + "{\"id\":0,\"start\":0.5,\"end\":1.2,\"text\":\" hello\"},{\"id\":1,\"start\":2,\"end\":2.5,\"text\":\"there\"}]}");
        var r = new OpenAiTranscriber(base, "whisper-1", Optional.of("en"), Duration.ofSeconds(5)).transcribe(track());
        assertEquals("en", r.language());
        assertEquals(List.of(new TranscriptionEngine.Segment(0.5, 1.2, "hello"), new TranscriptionEngine.Segment(2, 2.5, "there")),
                r.segments());
        String req = request.get();
        assertTrue(req.startsWith("multipart/form-data; boundary="), req);
        for (String part : List.of("name=\"model\"\r\n\r\nwhisper-1", "name=\"response_format\"\r\n\r\nverbose_json",
                "name=\"language\"\r\n\r\nen", "name=\"file\"; filename=\"track.wav\"", "RIFF")) {
            assertTrue(req.contains(part), () -> "missing " + part + " in " + req);
        }
    }

    @Test
    void aServiceWithoutSegmentsGivesOneSegmentForTheText() throws Exception {
        var r = OpenAiTranscriber.parse(new ObjectMapper().readTree("{\"text\":\" all of it \",\"duration\":3.5}"));
        assertEquals(List.of(new TranscriptionEngine.Segment(0, 3.5, "all of it")), r.segments());
    }

    @Test
    void busyOrBrokenServicesAreRetriedAndBadRequestsAreNot() throws Exception {
        URI busy = serve(503, "{\"error\":{\"message\":\"loading model\"}}");
        var e = org.junit.jupiter.api.Assertions.assertThrows(TranscriptionException.class,
                () -> new OpenAiTranscriber(busy, "m", Optional.empty(), Duration.ofSeconds(5)).transcribe(track()));
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("503") && e.getMessage().contains("loading model"), e.getMessage());
        stop();
        URI bad = serve(400, "{\"error\":{\"message\":\"unsupported language\"}}");
        var e2 = org.junit.jupiter.api.Assertions.assertThrows(TranscriptionException.class,
                () -> new OpenAiTranscriber(bad, "m", Optional.empty(), Duration.ofSeconds(5)).transcribe(track()));
        assertFalse(e2.retryable());
        stop();
        server = null;
        var e3 = org.junit.jupiter.api.Assertions.assertThrows(TranscriptionException.class,
                () -> new OpenAiTranscriber(busy, "m", Optional.empty(), Duration.ofSeconds(5)).transcribe(track()));
        assertTrue(e3.retryable(), "a service that is down is tried again later");
    }
}
