package org.maskline.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recording and transcription (issue 15). Each value is checked here, naming its key.
 *
 * @param recordDefault         whether a session that does not say is recorded
 * @param announcement          the Asterisk sound both parties hear before a recorded call is connected; empty: none
 * @param dir                   where Maskline keeps the recordings it collected from Asterisk
 * @param retention             a recording is deleted this long after its call started (at most the call log's retention)
 * @param transcribeUrl         the base URL of an OpenAI-compatible transcription service; empty: no transcription
 * @param transcribeModel       the {@code model} field sent to it
 * @param transcribeLanguage    the {@code language} field (ISO 639-1); empty: the service detects it
 * @param transcribeConcurrency transcriptions at once on this instance
 * @param transcribeAttempts    tries per recording before its transcript is failed
 * @param transcribeTimeout     how long one request to the service may take
 * @param qaKeywords            words or phrases (lower case) that flag a call whose transcript holds one
 */
public record RecordingConfig(boolean recordDefault, Optional<String> announcement, Path dir, Duration retention,
                              Optional<URI> transcribeUrl, String transcribeModel, Optional<String> transcribeLanguage,
                              int transcribeConcurrency, int transcribeAttempts, Duration transcribeTimeout,
                              List<String> qaKeywords) {
    public static final String RECORD_DEFAULT = "MASKLINE_RECORD_DEFAULT";
    public static final String ANNOUNCEMENT = "MASKLINE_RECORDING_ANNOUNCEMENT";
    public static final String DIR = "MASKLINE_RECORDINGS_DIR";
    public static final String RETENTION_DAYS = "MASKLINE_RECORDING_RETENTION_DAYS";
    public static final String TRANSCRIBE_URL = "MASKLINE_TRANSCRIBE_URL";
    public static final String TRANSCRIBE_MODEL = "MASKLINE_TRANSCRIBE_MODEL";
    public static final String TRANSCRIBE_LANGUAGE = "MASKLINE_TRANSCRIBE_LANGUAGE";
    public static final String TRANSCRIBE_CONCURRENCY = "MASKLINE_TRANSCRIBE_CONCURRENCY";
    public static final String TRANSCRIBE_ATTEMPTS = "MASKLINE_TRANSCRIBE_ATTEMPTS";
    public static final String TRANSCRIBE_TIMEOUT_SECONDS = "MASKLINE_TRANSCRIBE_TIMEOUT_SECONDS";
    public static final String QA_KEYWORDS = "MASKLINE_QA_KEYWORDS";

    static final List<String> KEYS = List.of(RECORD_DEFAULT, ANNOUNCEMENT, DIR, RETENTION_DAYS, TRANSCRIBE_URL,
            TRANSCRIBE_MODEL, TRANSCRIBE_LANGUAGE, TRANSCRIBE_CONCURRENCY, TRANSCRIBE_ATTEMPTS,
            TRANSCRIBE_TIMEOUT_SECONDS, QA_KEYWORDS);

    private static final Pattern SOUND = Pattern.compile("[A-Za-z0-9_/-]+");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._:/-]{1,100}");

    public RecordingConfig {
        announcement = Objects.requireNonNullElse(announcement, Optional.empty());
        if (announcement.isPresent() && !SOUND.matcher(announcement.get()).matches()) {
            throw ConfigException.bad(ANNOUNCEMENT, "must be an Asterisk sound name such as beep, got "
                    + ConfigException.quote(announcement.get()));
        }
        Objects.requireNonNull(dir, DIR);
        ConfigException.seconds(RETENTION_DAYS, retention, 86_400, 3660L * 86_400);
        transcribeUrl = Objects.requireNonNullElse(transcribeUrl, Optional.empty());
        transcribeUrl.ifPresent(u -> {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw ConfigException.bad(TRANSCRIBE_URL, "must be an http(s) URL such as http://127.0.0.1:9000, got "
                        + ConfigException.quote(u.toString()));
            }
        });
        if (transcribeModel == null || !MODEL.matcher(transcribeModel).matches()) {
            throw ConfigException.bad(TRANSCRIBE_MODEL, "must be 1 to 100 letters, digits or . _ : / -, got "
                    + ConfigException.quote(String.valueOf(transcribeModel)));
        }
        transcribeLanguage = Objects.requireNonNullElse(transcribeLanguage, Optional.empty());
        if (transcribeLanguage.isPresent() && !LANGUAGE.matcher(transcribeLanguage.get()).matches()) {
            throw ConfigException.bad(TRANSCRIBE_LANGUAGE, "must be an ISO 639-1 code such as en, got "
                    + ConfigException.quote(transcribeLanguage.get()));
        }
        ConfigException.between(TRANSCRIBE_CONCURRENCY, transcribeConcurrency, 1, 64);
        ConfigException.between(TRANSCRIBE_ATTEMPTS, transcribeAttempts, 1, 100);
        ConfigException.seconds(TRANSCRIBE_TIMEOUT_SECONDS, transcribeTimeout, 1, 86_400);
        qaKeywords = qaKeywords.stream().map(k -> k.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " "))
                .filter(k -> !k.isEmpty()).distinct().toList();
        for (String k : qaKeywords) {
            if (k.length() > 100) throw ConfigException.bad(QA_KEYWORDS, "a keyword is longer than 100 characters");
        }
    }

    public static RecordingConfig defaults() {
        return new RecordingConfig(false, Optional.empty(), Path.of("data", "recordings"), Duration.ofDays(90),
                Optional.empty(), "whisper-1", Optional.empty(), 1, 5, Duration.ofSeconds(600), List.of());
    }

    public RecordingConfig withTranscribeUrl(URI url) {
        return new RecordingConfig(recordDefault, announcement, dir, retention, Optional.of(url), transcribeModel,
                transcribeLanguage, transcribeConcurrency, transcribeAttempts, transcribeTimeout, qaKeywords);
    }

    public RecordingConfig withDir(Path d) {
        return new RecordingConfig(recordDefault, announcement, d, retention, transcribeUrl, transcribeModel,
                transcribeLanguage, transcribeConcurrency, transcribeAttempts, transcribeTimeout, qaKeywords);
    }

    public RecordingConfig withQaKeywords(List<String> keywords) {
        return new RecordingConfig(recordDefault, announcement, dir, retention, transcribeUrl, transcribeModel,
                transcribeLanguage, transcribeConcurrency, transcribeAttempts, transcribeTimeout, keywords);
    }

    public RecordingConfig withAnnouncement(Optional<String> sound) {
        return new RecordingConfig(recordDefault, sound, dir, retention, transcribeUrl, transcribeModel,
                transcribeLanguage, transcribeConcurrency, transcribeAttempts, transcribeTimeout, qaKeywords);
    }

    public RecordingConfig withRecordDefault(boolean on) {
        return new RecordingConfig(on, announcement, dir, retention, transcribeUrl, transcribeModel,
                transcribeLanguage, transcribeConcurrency, transcribeAttempts, transcribeTimeout, qaKeywords);
    }
}
