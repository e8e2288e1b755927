package org.maskline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.maskline.webhooks.Outbox;

/**
 * The webhook events of recording and transcription (issue 15), appended to the outbox in the
 * transaction of the change they describe. They say that something is ready and where to read it;
 * they never carry the audio or a word of the transcript (the backend reads those with its API key).
 */
final class RecordingEvents {
    private RecordingEvents() {}

    static final String RECORDING_READY = "recording.ready";
    static final String TRANSCRIPT_READY = "transcript.ready";

    static void recordingReady(Connection c, String callId, long durationMs, Instant at) throws SQLException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("callId", callId);
        String session = sessionOf(c, callId);
        d.put("sessionId", session);
        d.put("durationSeconds", Math.round(durationMs / 1000.0));
        d.put("url", "/v1/calls/" + callId + "/recording");
        Outbox.append(c, RECORDING_READY, session, d, at);
    }

    static void transcriptReady(Connection c, String callId, String language, List<String> flags, Instant at) throws SQLException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("callId", callId);
        String session = sessionOf(c, callId);
        d.put("sessionId", session);
        d.put("language", language);
        d.put("flags", flags);
        d.put("url", "/v1/calls/" + callId + "/transcript");
        Outbox.append(c, TRANSCRIPT_READY, session, d, at);
    }

    private static String sessionOf(Connection c, String callId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT session_id FROM calls WHERE id = ?")) {
            ps.setString(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
