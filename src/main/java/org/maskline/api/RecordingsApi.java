package org.maskline.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.maskline.recordings.RecordingFiles;
import org.maskline.store.CallRepository;
import org.maskline.store.RecordingRepository;
import org.maskline.store.TranscriptRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call's recording and transcript (issue 15): {@code /v1/calls/{id}/recording} (audio/wav, Range
 * requests, DELETE) and {@code /v1/calls/{id}/transcript}. Both are personal data: behind the API
 * key like every {@code /v1} route, and never written to a log.
 */
final class RecordingsApi {
    private static final Logger log = LoggerFactory.getLogger(RecordingsApi.class);
    /** One reply holds at most this much audio (about 35 minutes of stereo); longer recordings are read in ranges. */
    static final long MAX_BODY = 64L * 1024 * 1024;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final CallRepository calls;
    private final RecordingRepository recordings;
    private final TranscriptRepository transcripts;
    private final RecordingFiles files;

    RecordingsApi(CallRepository calls, RecordingRepository recordings, TranscriptRepository transcripts, RecordingFiles files) {
        this.calls = calls;
        this.recordings = recordings;
        this.transcripts = transcripts;
        this.files = files;
    }

    ApiResponse get(ApiRequest r) {
        String id = callId(r);
        RecordingRepository.Recording rec = recordings.find(id)
                .orElseThrow(() -> ApiException.notFound("call " + Echo.clean(id) + " has no recording"));
        if (rec.status() != RecordingRepository.Status.READY) {
            throw new ApiException(404, "not_found", "the recording of call " + Echo.clean(id) + " is " + rec.status().code());
        }
        Path file = files.of(id).orElseThrow();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long size = f.length();
            long start = 0;
            long end = size - 1;
            boolean partial = r.range() != null;
            if (partial) {
                long[] range = range(r.range(), size);
                start = range[0];
                end = range[1];
            }
            if (end - start + 1 > MAX_BODY) {
                if (!partial) {
                    throw new ApiException(413, "too_large", "the recording is " + size + " bytes; read it in ranges"
                            + " (Range: bytes=0-" + (MAX_BODY - 1) + ")");
                }
                end = start + MAX_BODY - 1; // a server may send less than asked; Content-Range says what
            }
            byte[] body = new byte[(int) (end - start + 1)];
            f.seek(start);
            f.readFully(body);
            ApiResponse resp = new ApiResponse(partial ? 206 : 200, "audio/wav", body).withHeader("Accept-Ranges", "bytes");
            return partial ? resp.withHeader("Content-Range", "bytes " + start + "-" + end + "/" + size) : resp;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw ApiException.notFound("the recording of call " + Echo.clean(id) + " is missing from storage");
        } catch (IOException e) {
            log.warn("call {}: could not read its recording: {}", id, e.getMessage());
            throw new ApiException(503, "store_unavailable", "the recording could not be read; try again");
        }
    }

    /** {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}; one range only. 416 when it is outside the file. */
    static long[] range(String header, long size) {
        Matcher m = RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            throw new ApiException(416, "range_not_satisfiable", "Range: one byte range, e.g. bytes=0-1023");
        }
        long start;
        long end;
        try {
            if (m.group(1).isEmpty()) {
                long n = Long.parseLong(m.group(2));
                start = Math.max(0, size - n);
                end = size - 1;
            } else {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            }
        } catch (NumberFormatException e) {
            throw new ApiException(416, "range_not_satisfiable", "Range: the numbers are too large");
        }
        if (start >= size || end < start) {
            throw new ApiException(416, "range_not_satisfiable", "Range: the recording has " + size + " bytes");
        }
        return new long[] {start, end};
    }

    ApiResponse delete(ApiRequest r) {
        String id = callId(r);
        if (recordings.find(id).isEmpty()) throw ApiException.notFound("call " + Echo.clean(id) + " has no recording");
        try {
            // The row first: a collector that finishes meanwhile then deletes what it wrote.
            recordings.markDeleted(id);
            files.delete(id);
        } catch (IOException e) {
            log.warn("call {}: could not delete its recording: {}", id, e.getMessage());
            throw new ApiException(503, "store_unavailable", "the recording could not be deleted; try again");
        }
        log.info("call {}: recording deleted through the API", id);
        return ApiResponse.noContent();
    }

    ApiResponse transcript(ApiRequest r) {
        String id = callId(r);
        TranscriptRepository.Transcript t = transcripts.find(id)
                .orElseThrow(() -> ApiException.notFound("call " + Echo.clean(id) + " has no transcript"));
        String status = switch (t.status()) {
            case PENDING, RUNNING -> "pending";
            case DONE -> "done";
            case FAILED -> "failed";
        };
        JsonNode body;
        try {
            body = t.body() == null ? null : Json.MAPPER.readTree(t.body());
        } catch (IOException e) {
            throw new IllegalStateException("stored transcript of call " + id + " is not JSON", e);
        }
        return ApiResponse.json(200, new Views.TranscriptView(status, t.language(),
                body == null ? null : body.path("text").asText(""),
                body == null ? List.of() : Views.segments(body.path("segments")), t.flags()));
    }

    ApiResponse deleteTranscript(ApiRequest r) {
        String id = callId(r);
        if (!transcripts.delete(id)) throw ApiException.notFound("call " + Echo.clean(id) + " has no transcript");
        log.info("call {}: transcript deleted through the API", id);
        return ApiResponse.noContent();
    }

    private String callId(ApiRequest r) {
        String id = r.pathParams().get("id");
        if (!RecordingFiles.isCallId(id) || calls.find(id).isEmpty()) {
            throw ApiException.notFound("no call " + Echo.clean(String.valueOf(id)));
        }
        return id;
    }
}
