package org.maskline.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One SIP message a SIPp phone sent or received, parsed from SIPp's {@code -message_file}. */
public record SipMessage(boolean received, String startLine, List<String> headers, String body, String raw) {

    public boolean isRequest() {
        return !startLine.startsWith("SIP/2.0");
    }

    /** The method of a request, or the CSeq method of a response. */
    public String method() {
        if (isRequest()) return startLine.substring(0, startLine.indexOf(' '));
        String cseq = header("CSeq").orElse("");
        return cseq.substring(cseq.indexOf(' ') + 1).strip();
    }

    /** The status code of a response, or 0 for a request. */
    public int status() {
        return isRequest() ? 0 : Integer.parseInt(startLine.split(" ")[1]);
    }

    /** The user part of the Request-URI of a request. */
    public String requestUser() {
        String uri = startLine.split(" ")[1];
        return uri.substring(uri.indexOf(':') + 1, uri.contains("@") ? uri.indexOf('@') : uri.length());
    }

    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    public List<String> headers(String name) {
        String n = name.toLowerCase(Locale.ROOT) + ":";
        List<String> values = new ArrayList<>();
        for (String h : headers) {
            if (h.toLowerCase(Locale.ROOT).startsWith(n)) values.add(h.substring(n.length()).strip());
        }
        return values;
    }

    /** The user part of the first SIP URI in a header such as From or P-Asserted-Identity. */
    public Optional<String> headerUser(String name) {
        return header(name).map(SipMessage::uriUser);
    }

    static String uriUser(String value) {
        int s = value.indexOf("sip:");
        if (s < 0) s = value.indexOf("tel:");
        if (s < 0) return "";
        String rest = value.substring(s + 4);
        int end = rest.length();
        for (char c : new char[] {'@', '>', ';'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) end = i;
        }
        return rest.substring(0, end);
    }

    /** Parses SIPp's message file: blocks separated by dashed lines, each "UDP message sent|received ... :". */
    public static List<SipMessage> parseAll(String file) {
        List<SipMessage> out = new ArrayList<>();
        String[] blocks = file.split("(?m)^-{20,}.*$");
        for (String block : blocks) {
            String b = block.strip();
            if (b.isEmpty()) continue;
            int nl = b.indexOf('\n');
            if (nl < 0) continue;
            String banner = b.substring(0, nl);
            boolean received = banner.contains("received");
            if (!received && !banner.contains("sent")) continue;
            String msg = b.substring(nl + 1).replace("\r", "").stripLeading();
            int split = msg.indexOf("\n\n");
            String head = split < 0 ? msg : msg.substring(0, split);
            String body = split < 0 ? "" : msg.substring(split + 2).strip();
            String[] lines = head.split("\n");
            List<String> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                if ((line.startsWith(" ") || line.startsWith("\t")) && !headers.isEmpty()) {
                    headers.set(headers.size() - 1, headers.get(headers.size() - 1) + " " + line.strip());
                } else if (!line.isBlank()) {
                    headers.add(line.strip());
                }
            }
            out.add(new SipMessage(received, lines[0].strip(), List.copyOf(headers), body, msg));
        }
        return out;
    }
}
