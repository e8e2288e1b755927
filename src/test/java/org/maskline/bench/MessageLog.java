package org.maskline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the timestamps the benchmark needs out of SIPp's -trace_msg file, streaming (a trial's file
 * can be tens of megabytes). Each message there is preceded by a dashed line ending in an ISO
 * timestamp with microseconds, written by SIPp when it sent or received the message.
 */
final class MessageLog {
    /** What one side of a trial saw, by call index (from the caller's or the callee's number). */
    record Times(Map<Integer, Long> inviteSent, Map<Integer, Long> okReceived, Map<Integer, Long> inviteReceived) {}

    private MessageLog() {}

    /**
     * @param callerPrefix the caller numbers' prefix before the index digits (From user of our INVITEs)
     * @param calleePrefix the callee numbers' prefix before the index digits (Request-URI user of INVITEs received)
     */
    static Times read(Path file, String callerPrefix, String calleePrefix) throws IOException {
        Map<Integer, Long> sent = new HashMap<>();
        Map<Integer, Long> ok = new HashMap<>();
        Map<Integer, Long> received = new HashMap<>();
        if (!Files.exists(file)) return new Times(sent, ok, received);
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            long ts = 0;
            Boolean isSent = null;
            String start = null;
            String from = null;
            String cseq = null;
            boolean inHeaders = false;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("-----")) {
                    int sp = line.lastIndexOf(' ');
                    ts = micros(line.substring(sp + 1).strip());
                    isSent = null;
                    start = null;
                    continue;
                }
                if (isSent == null) {
                    if (line.contains("message sent")) isSent = true;
                    else if (line.contains("message received")) isSent = false;
                    continue;
                }
                if (start == null) {
                    if (line.isBlank()) continue;
                    start = line.strip();
                    from = null;
                    cseq = null;
                    inHeaders = true;
                    continue;
                }
                if (!inHeaders) continue;
                if (line.isBlank()) {
                    inHeaders = false;
                    record(ts, isSent, start, from, cseq, callerPrefix, calleePrefix, sent, ok, received);
                    continue;
                }
                String lower = line.length() > 6 ? line.substring(0, 6).toLowerCase() : line.toLowerCase();
                if (lower.startsWith("from:") || lower.startsWith("f:")) from = line;
                else if (lower.startsWith("cseq:")) cseq = line.substring(5).strip();
            }
        }
        return new Times(sent, ok, received);
    }

    private static void record(long ts, boolean isSent, String start, String from, String cseq, String callerPrefix,
                               String calleePrefix, Map<Integer, Long> sent, Map<Integer, Long> ok,
                               Map<Integer, Long> received) {
        if (start.startsWith("INVITE ")) {
            if (isSent) {
                Integer k = index(uriUser(from), callerPrefix);
                if (k != null && "1 INVITE".equals(cseq)) sent.putIfAbsent(k, ts);
            } else {
                Integer k = index(requestUser(start), calleePrefix);
                if (k != null) received.putIfAbsent(k, ts);
            }
        } else if (!isSent && start.startsWith("SIP/2.0 200") && "1 INVITE".equals(cseq)) {
            Integer k = index(uriUser(from), callerPrefix);
            if (k != null) ok.putIfAbsent(k, ts);
        }
    }

    static Integer index(String user, String prefix) {
        if (user == null || !user.startsWith(prefix)) return null;
        try {
            return Integer.parseInt(user.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String requestUser(String startLine) {
        String[] parts = startLine.split(" ");
        if (parts.length < 2) return null;
        String uri = parts[1];
        int colon = uri.indexOf(':');
        int at = uri.indexOf('@');
        return at < 0 ? uri.substring(colon + 1) : uri.substring(colon + 1, at);
    }

    static String uriUser(String header) {
        if (header == null) return null;
        int s = header.indexOf("sip:");
        if (s < 0) return null;
        String rest = header.substring(s + 4);
        int end = rest.length();
        for (char c : new char[] {'@', '>', ';'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) end = i;
        }
        return rest.substring(0, end);
    }

    static long micros(String iso) {
        try {
            Instant i = Instant.parse(iso);
            return i.getEpochSecond() * 1_000_000 + i.getNano() / 1_000;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
