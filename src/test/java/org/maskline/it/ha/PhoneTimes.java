package org.maskline.it.ha;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;

/** When a phone sent or received a message, from SIPp's trace, to compare with the call log's times. */
final class PhoneTimes {
    private static final Pattern BANNER = Pattern.compile("(?m)^-{20,} (\\S+)\\s*$");

    private PhoneTimes() {}

    /** When the callee's phone sent its 200 to the INVITE for {@code calleeNumber}: the moment the call was answered. */
    static Instant answeredAt(SippPhone callee, String calleeNumber) {
        String file = callee.transcript();
        int errors = file.indexOf("\nerrors:\n");
        if (errors >= 0) file = file.substring(0, errors);
        Matcher m = BANNER.matcher(file);
        List<Integer> starts = new java.util.ArrayList<>();
        List<Instant> times = new java.util.ArrayList<>();
        while (m.find()) {
            starts.add(m.start());
            times.add(Instant.parse(m.group(1)));
        }
        String callId = null;
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : file.length();
            List<SipMessage> parsed = SipMessage.parseAll(file.substring(starts.get(i), end));
            if (parsed.isEmpty()) continue;
            SipMessage msg = parsed.getFirst();
            if (callId == null && msg.received() && msg.isRequest() && msg.method().equals("INVITE")
                    && msg.requestUser().equals(calleeNumber)) {
                callId = msg.header("Call-ID").orElseThrow();
            } else if (callId != null && !msg.received() && !msg.isRequest() && msg.status() == 200
                    && msg.method().equals("INVITE") && callId.equals(msg.header("Call-ID").orElse(""))) {
                return times.get(i);
            }
        }
        throw new AssertionError("the callee's phone never answered " + calleeNumber + ":\n" + file);
    }

    static void assertWithinASecond(Instant expected, Instant actual, String what) {
        if (actual == null || Duration.between(expected, actual).abs().compareTo(Duration.ofSeconds(1)) > 0) {
            throw new AssertionError(what + ": expected within 1 s of " + expected + " but was " + actual);
        }
    }
}
