/**
 * Transcription of recorded calls for quality control (issue 15), on the customer's own servers.
 *
 * <p>{@link org.maskline.transcripts.TranscriptionEngine} is the one interface an engine implements;
 * {@link org.maskline.transcripts.OpenAiTranscriber} speaks OpenAI's
 * {@code POST /v1/audio/transcriptions}, which whisper.cpp's server, speaches and others serve
 * on premises ({@code MASKLINE_TRANSCRIBE_URL}). Each party's track is sent on its own, so every
 * segment says who spoke. {@link org.maskline.transcripts.TranscriptionWorkers} run the durable
 * queue (the {@code transcripts} table) with bounded concurrency and retries;
 * {@link org.maskline.transcripts.QaKeywords} flags calls whose transcript holds a configured word.
 * Transcripts are personal data: never logged.
 */
package org.maskline.transcripts;
