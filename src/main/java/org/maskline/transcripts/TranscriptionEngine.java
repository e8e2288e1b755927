package org.maskline.transcripts;

import java.nio.file.Path;
import java.util.List;

/** Turns one party's speech into text. Implementations may block; they are called from worker threads. */
public interface TranscriptionEngine {
    /**
     * @param monoWav one party's track, 16-bit PCM WAV
     * @throws TranscriptionException when the engine fails; {@link TranscriptionException#retryable()} says
     *                                whether trying again later may help
     */
    Result transcribe(Path monoWav) throws TranscriptionException, InterruptedException;

    /** What the engine heard. {@code language} may be null when the engine does not say. */
    record Result(String language, String text, List<Segment> segments) {
        public Result {
            segments = List.copyOf(segments);
        }
    }

    /** A stretch of speech, in seconds from the start of the track. */
    record Segment(double start, double end, String text) {}
}
