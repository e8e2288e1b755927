package org.maskline.it.recordings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.api.ApiServer;
import org.maskline.config.HostPort;
import org.maskline.config.RecordingConfig;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SippPhone;
import org.maskline.recordings.RecordingFiles;
import org.maskline.recordings.Wav;
import org.maskline.sessions.NewParticipant;
import org.maskline.sessions.NewSession;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionPolicy;
import org.maskline.store.CallRecord;
import org.maskline.store.RecordingRepository;
import org.maskline.store.TranscriptRepository;
import org.maskline.transcripts.OpenAiTranscriber;
import org.maskline.transcripts.QaKeywords;
import org.maskline.transcripts.TranscriptionWorkers;
import org.maskline.testsupport.WebhookReceiver;
import org.maskline.webhooks.CallHooks;

/**
 * A recorded masked call through the real sandbox: both phones speak (espeak-ng's speech streamed
 * by SIPp), Maskline is restarted while they do, and afterwards the recording has been fetched
 * from Asterisk (whose copies are gone), the real recognizer (PocketSphinx) has put each party's
 * words under that party, the QA keyword has flagged the call, and the API serves all of it only
 * with a key.
 */
@ExtendWith(SandboxExtension.class)
class RecordedCallIT {
    private static final String KEY = "recorded-call-it-key-0123456789";
    private static final String CALLER_SAYS = "this is an emergency. call the hospital.";
    private static final String CALLEE_SAYS = "the computer is ready tomorrow.";
    private static final double LEAD_SECONDS = 3.5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static CallFixture maskline;
    private static Transcriber transcriber;
    private static TranscriptionWorkers workers;
    private static ApiServer api;
    private static URI apiUrl;
    private static RecordingFiles files;
    private static Path callerSpeech;
    private static Path calleeSpeech;
    private static RecordingConfig config;

    @BeforeAll
    static void up() throws Exception {
        Sandbox sandbox = Sandbox.get();
        Speech.install(sandbox.projectDir());
        Path speechDir = sandbox.root().resolve("tmp/maskline-speech");
        Files.createDirectories(speechDir);
        callerSpeech = speechDir.resolve("caller.ulaw");
        calleeSpeech = speechDir.resolve("callee.ulaw");
        // The phones start speaking 3.5 s after the answer: once the recording runs and the restart
        // below is over, so every word is heard by the Maskline that took the call over.
        Speech.say(CALLER_SAYS, LEAD_SECONDS, callerSpeech);
        Speech.say(CALLEE_SAYS, LEAD_SECONDS, calleeSpeech);

        transcriber = Transcriber.start(sandbox.projectDir());
        Path dir = Files.createTempDirectory("maskline-recordings");
        config = RecordingConfig.defaults().withDir(dir).withTranscribeUrl(transcriber.url())
                .withQaKeywords(List.of("emergency", "refund"));
        files = new RecordingFiles(dir).open();
        maskline = CallFixture.start(CallFixture.settings().withMaxCall(Duration.ofMinutes(5)));
        maskline.record(config);
        workers = new TranscriptionWorkers(maskline.store.transcripts(), files,
                new OpenAiTranscriber(transcriber.url(), "whisper-1", Optional.of("en"), Duration.ofSeconds(60)),
                new QaKeywords(config.qaKeywords()), 1, 3, Duration.ofMinutes(3), "it", Clock.systemUTC()).start();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        api = new ApiServer(new HostPort("127.0.0.1", port), List.of(KEY),
                new SessionPolicy("ES", Duration.ofHours(1), Clock.systemUTC()), maskline.store, config).start();
        apiUrl = URI.create("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void down() throws Exception {
        if (api != null) api.close();
        if (workers != null) workers.close();
        if (maskline != null) maskline.close();
        if (transcriber != null) transcriber.close();
    }

    @Test
    void aRecordedCallSurvivesARestartAndItsTranscriptSaysWhoSaidWhat(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.store.sessions().create(new NewSession(new NewParticipant(rider, "rider"),
                new NewParticipant(driver, "driver"), Instant.now().plus(Duration.ofHours(1)), null, 0, true));
        String callId;
        try (SippPhone callee = SippPhone.scenario("callee-speech").fill("RING_MS", 200).fill("HOLD_MS", 60_000)
                .fill("SPEECH", "/tmp/maskline-speech/callee.ulaw").port(Sandbox.CARRIER_PORT)
                .arg("-m", "1", "-mp", "16100").listen(sandbox);
             SippPhone caller = SippPhone.scenario("caller-speech").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 11_000)
                     .fill("SPEECH", "/tmp/maskline-speech/caller.ulaw").arg("-mp", "16200")
                     .call(rider, CallFixture.proxyOf(s, rider), "Rider Realname").dial(sandbox)) {
            // Asterisk records both parties...
            callId = await("the call's row", Duration.ofSeconds(15),
                    () -> maskline.callsFrom(rider).stream().map(CallRecord::id).findFirst().orElse(null));
            String id = callId;
            await("both tracks recording in Asterisk", Duration.ofSeconds(15),
                    () -> liveRecording(id + "-ra") && liveRecording(id + "-rb") ? Boolean.TRUE : null);
            // ... and Maskline goes away and comes back before the phones speak: a new one takes the call over,
            // and what they say next is in the recording it collects.
            maskline.restart();
            await("the call taken over by the new Maskline", Duration.ofSeconds(5),
                    () -> maskline.router().activeCalls() == 1 ? Boolean.TRUE : null);
            assertEquals(0, caller.awaitExit(Duration.ofSeconds(30)), caller::transcript);
            assertEquals(0, callee.awaitExit(Duration.ofSeconds(30)), callee::transcript);
        }
        String id = callId;

        // The recording was fetched, joined (left: caller, right: callee) and Asterisk's copies deleted.
        RecordingRepository.Recording rec = await("the recording collected", Duration.ofSeconds(30), () ->
                maskline.store.recordings().find(id).filter(r -> r.status() != RecordingRepository.Status.RECORDING).orElse(null));
        assertEquals(RecordingRepository.Status.READY, rec.status());
        Path file = files.of(id).orElseThrow();
        Wav.Format wav = Wav.read(file);
        assertEquals(2, wav.channels());
        assertEquals(8000, wav.sampleRate());
        assertTrue(wav.durationMs() >= 8_000 && wav.durationMs() <= 13_000, "duration " + wav.durationMs() + " ms");
        assertEquals(Files.size(file), (long) rec.bytes());
        // Asterisk's copies go once Maskline's is safe (just after the row says ready).
        await("Asterisk's copies deleted", Duration.ofSeconds(10), () -> ari("/recordings/stored").contains(id) ? null : Boolean.TRUE);

        // The real recognizer heard each party under their own name, and the QA keyword flagged the call.
        TranscriptRepository.Transcript t = await("the transcript", Duration.ofSeconds(90), () ->
                maskline.store.transcripts().find(id).filter(x -> x.status() == TranscriptRepository.Status.DONE
                        || x.status() == TranscriptRepository.Status.FAILED).orElse(null));
        JsonNode transcript = get("/v1/calls/" + id + "/transcript", KEY, 200);
        assertEquals("done", transcript.path("status").asText(), transcript::toString);
        String callerWords = words(transcript, "caller");
        String calleeWords = words(transcript, "callee");
        for (String w : List.of("emergency", "hospital")) {
            assertTrue(callerWords.contains(w), () -> "caller said " + w + "; transcript: " + transcript);
            assertFalse(calleeWords.contains(w), () -> "callee did not say " + w + "; transcript: " + transcript);
        }
        for (String w : List.of("computer", "tomorrow")) {
            assertTrue(calleeWords.contains(w), () -> "callee said " + w + "; transcript: " + transcript);
            assertFalse(callerWords.contains(w), () -> "caller did not say " + w + "; transcript: " + transcript);
        }
        assertEquals(List.of("emergency"), t.flags());
        assertEquals("[\"emergency\"]", transcript.path("flags").toString());

        // The call row shows the recording and the flag; ?flagged=true lists it.
        JsonNode flagged = get("/v1/calls?flagged=true&limit=1000", KEY, 200);
        JsonNode row = find(flagged.path("calls"), id);
        assertEquals("ready", row.path("recording").path("status").asText(), row::toString);
        assertTrue(row.path("recording").path("durationSeconds").asLong() >= 8, row::toString);
        assertEquals("[\"emergency\"]", row.path("flags").toString());

        // The audio: whole, in ranges, only with a key; then deleted.
        byte[] bytes = Files.readAllBytes(file);
        HttpResponse<byte[]> whole = raw("GET", "/v1/calls/" + id + "/recording", KEY, null);
        assertEquals(200, whole.statusCode());
        assertEquals("audio/wav", whole.headers().firstValue("Content-Type").orElse(""));
        assertArrayEquals(bytes, whole.body());
        HttpResponse<byte[]> part = raw("GET", "/v1/calls/" + id + "/recording", KEY, "bytes=0-43");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 0-43/" + bytes.length, part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(java.util.Arrays.copyOf(bytes, 44), part.body());
        assertEquals(416, raw("GET", "/v1/calls/" + id + "/recording", KEY, "bytes=" + bytes.length + "-").statusCode());
        assertEquals(401, raw("GET", "/v1/calls/" + id + "/recording", null, null).statusCode());
        assertEquals(401, raw("GET", "/v1/calls/" + id + "/transcript", null, null).statusCode());
        assertEquals(204, raw("DELETE", "/v1/calls/" + id + "/recording", KEY, null).statusCode());
        assertFalse(Files.exists(file));
        assertEquals(404, raw("GET", "/v1/calls/" + id + "/recording", KEY, null).statusCode());
        JsonNode after = find(get("/v1/calls?limit=1000", KEY, 200).path("calls"), id);
        assertEquals("deleted", after.path("recording").path("status").asText(), after::toString);
    }

    @Test
    void aSessionThatDoesNotAskIsNotRecorded(Sandbox sandbox) throws Exception {
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        Session s = maskline.openSession(rider, driver);
        try (SippPhone callee = SippPhone.scenario("callee").fill("RING_MS", 200).fill("HOLD_MS", 60_000)
                .port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox);
             SippPhone caller = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_500)
                     .call(rider, CallFixture.proxyOf(s, rider), "Rider").dial(sandbox)) {
            assertEquals(0, caller.awaitExit(Duration.ofSeconds(30)), caller::transcript);
            callee.awaitExit(Duration.ofSeconds(30));
        }
        CallRecord call = maskline.awaitFinishedCall(rider, Duration.ofSeconds(20));
        assertTrue(call.answeredAt() != null, "the call was answered");
        assertTrue(maskline.store.recordings().find(call.id()).isEmpty());
        // A recording made anyway would still be on Asterisk's disk: without a row nobody collects it.
        assertFalse(ari("/recordings/stored").contains(call.id()), "Asterisk recorded a call whose session did not ask");
        JsonNode row = find(get("/v1/calls?limit=1000", KEY, 200).path("calls"), call.id());
        assertTrue(row.path("recording").isNull(), row::toString);
        assertEquals(404, raw("GET", "/v1/calls/" + call.id() + "/recording", KEY, null).statusCode());
    }

    @Test
    void aCallTheRoutingWebhookConnectsWithRecordIsRecordedWithoutASession(Sandbox sandbox) throws Exception {
        String caller = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        String secret = "whsec-record-0123456789abcdef";
        try (WebhookReceiver backend = new WebhookReceiver(secret, 0).start()) {
            backend.on("/route", q -> WebhookReceiver.Reply.json(200, "{\"action\":\"connect\",\"to\":\"" + driver
                    + "\",\"callerId\":\"" + CallFixture.POOL_B + "\",\"record\":true}"));
            maskline.use(maskline.currentSettings(), new CallHooks(
                    Optional.of(new CallHooks.Routing(backend.url("/route"), false, Duration.ofSeconds(2))), Optional.empty(),
                    secret, maskline.store.routes(), new SessionPolicy("ES", Duration.ofHours(1), Clock.systemUTC()),
                    maskline.store.sessions()::create, Clock.systemUTC()));
            try (SippPhone callee = SippPhone.scenario("callee").fill("RING_MS", 200).fill("HOLD_MS", 60_000)
                    .port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox);
                 SippPhone phone = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 2_000)
                         .call(caller, CallFixture.POOL_A, "Caller").dial(sandbox)) {
                assertEquals(0, phone.awaitExit(Duration.ofSeconds(30)), phone::transcript);
                callee.awaitExit(Duration.ofSeconds(30));
            } finally {
                maskline.use(maskline.currentSettings());
            }
        }
        CallRecord call = maskline.awaitFinishedCall(caller, Duration.ofSeconds(20));
        assertEquals(driver, call.callee(), call::toString);
        assertEquals(null, call.sessionId(), "connected by the webhook, in no session");
        RecordingRepository.Recording rec = await("the recording collected", Duration.ofSeconds(30), () ->
                maskline.store.recordings().find(call.id()).filter(r -> r.status() != RecordingRepository.Status.RECORDING)
                        .orElse(null));
        assertEquals(RecordingRepository.Status.READY, rec.status());
        assertEquals(2, Wav.read(files.of(call.id()).orElseThrow()).channels());
    }

    /**
     * MASKLINE_RECORDING_ANNOUNCEMENT: both parties hear it before they hear each other. The callee
     * speaks during the announcement (5.5 s of a stock prompt) and again after it: only the second
     * phrase reaches the call (its recording, made from what the bridge is given, holds only that).
     * The same first phrase, unmuted, is recognized word for word in the test above.
     */
    @Test
    void theAnnouncementPlaysBeforeThePartiesHearEachOther(Sandbox sandbox) throws Exception {
        Path speech = sandbox.root().resolve("tmp/maskline-speech/callee-over-announcement.ulaw");
        Speech.say(speech, CALLEE_SAYS, 0.5, CALLER_SAYS, 4.5);
        maskline.record(config.withAnnouncement(Optional.of("demo-thanks")));
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        try {
            Session s = maskline.store.sessions().create(new NewSession(new NewParticipant(rider, "rider"),
                    new NewParticipant(driver, "driver"), Instant.now().plus(Duration.ofHours(1)), null, 0, true));
            try (SippPhone callee = SippPhone.scenario("callee-speech").fill("RING_MS", 200).fill("HOLD_MS", 60_000)
                    .fill("SPEECH", "/tmp/maskline-speech/callee-over-announcement.ulaw").port(Sandbox.CARRIER_PORT)
                    .arg("-m", "1", "-mp", "16100").listen(sandbox);
                 SippPhone caller = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 13_000)
                         .call(rider, CallFixture.proxyOf(s, rider), "Rider").dial(sandbox)) {
                assertEquals(0, caller.awaitExit(Duration.ofSeconds(30)), caller::transcript);
                callee.awaitExit(Duration.ofSeconds(30));
            }
        } finally {
            maskline.record(config);
        }
        CallRecord call = maskline.awaitFinishedCall(rider, Duration.ofSeconds(20));
        TranscriptRepository.Transcript t = await("the transcript", Duration.ofSeconds(120), () ->
                maskline.store.transcripts().find(call.id()).filter(x -> x.status() == TranscriptRepository.Status.DONE
                        || x.status() == TranscriptRepository.Status.FAILED).orElse(null));
        JsonNode transcript = get("/v1/calls/" + call.id() + "/transcript", KEY, 200);
        assertEquals("done", transcript.path("status").asText(), transcript::toString);
        String calleeWords = words(transcript, "callee");
        for (String w : List.of("emergency", "hospital")) {
            assertTrue(calleeWords.contains(w), () -> "said after the announcement: " + w + "; transcript: " + transcript);
        }
        for (String w : List.of("computer", "tomorrow")) {
            assertFalse(calleeWords.contains(w), () -> "said during the announcement: " + w + "; transcript: " + transcript);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String words(JsonNode transcript, String speaker) {
        List<String> out = new ArrayList<>();
        for (JsonNode seg : transcript.path("segments")) {
            if (seg.path("speaker").asText().equals(speaker)) out.add(seg.path("text").asText());
        }
        return " " + String.join(" ", out) + " ";
    }

    private static JsonNode find(JsonNode calls, String id) {
        for (JsonNode c : calls) {
            if (c.path("id").asText().equals(id)) return c;
        }
        throw new AssertionError("call " + id + " not listed in " + calls);
    }

    private static boolean liveRecording(String snoopId) throws Exception {
        return status("/recordings/live/maskline-" + snoopId) == 200;
    }

    private static int status(String ariPath) throws Exception {
        return HTTP.send(ariRequest(ariPath), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String ari(String ariPath) throws Exception {
        return HTTP.send(ariRequest(ariPath), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpRequest ariRequest(String ariPath) {
        String auth = Base64.getEncoder().encodeToString((Sandbox.ARI_USER + ":" + Sandbox.ARI_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(Sandbox.ARI_URL + ariPath)).header("Authorization", "Basic " + auth).build();
    }

    private static JsonNode get(String path, String key, int status) throws Exception {
        HttpResponse<byte[]> r = raw("GET", path, key, null);
        assertEquals(status, r.statusCode(), () -> new String(r.body(), StandardCharsets.UTF_8));
        return JSON.readTree(r.body());
    }

    private static HttpResponse<byte[]> raw(String method, String path, String key, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(apiUrl.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) b.header("Authorization", "Bearer " + key);
        if (range != null) b.header("Range", range);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Polls {@code probe} until it gives a value, with a deadline: the work happens on other threads and processes. */
    private static <T> T await(String what, Duration deadline, ThrowingSupplier<T> probe) throws Exception {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            T v = probe.get();
            if (v != null) return v;
            Thread.sleep(50); // polling the store or ARI with a deadline; neither announces the change to a test
        }
        throw new AssertionError(what + ": not within " + deadline);
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
