package org.maskline.it.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;

/** SIPp's message trace with each message's time, so a test can compare the log's times with the phones'. */
record SipTrace(Instant at, SipMessage message) {
    private static final Pattern BANNER = Pattern.compile("(?m)^-{20,} (\\S+)\\s*$");

    static List<SipTrace> of(SippPhone phone) {
        String file = phone.transcript();
        int errors = file.indexOf("\nerrors:\n");
        if (errors >= 0) file = file.substring(0, errors);
        List<SipTrace> out = new ArrayList<>();
        Matcher m = BANNER.matcher(file);
        List<int[]> starts = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            times.add(Instant.parse(m.group(1)));
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : file.length();
            List<SipMessage> parsed = SipMessage.parseAll(file.substring(starts.get(i)[0], end));
            if (!parsed.isEmpty()) out.add(new SipTrace(times.get(i), parsed.getFirst()));
        }
        return out;
    }

    /** When the phone first sent or received a message matching {@code match}. */
    static Instant first(SippPhone phone, Predicate<SipMessage> match) {
        Optional<SipTrace> t = of(phone).stream().filter(x -> match.test(x.message())).findFirst();
        return t.orElseThrow(() -> new AssertionError("no such message in:\n" + phone.transcript())).at();
    }

    static Predicate<SipMessage> sentOk(String callId) {
        return m -> !m.received() && !m.isRequest() && m.status() == 200 && m.method().equals("INVITE")
                && m.header("Call-ID").orElse("").equals(callId);
    }

    /** The Call-ID of the INVITE the callee's phone received for {@code calleeNumber}. */
    static String callIdOfInviteTo(SippPhone callee, String calleeNumber) {
        return callee.received().stream().filter(m -> m.isRequest() && m.method().equals("INVITE")
                        && m.requestUser().equals(calleeNumber))
                .findFirst().orElseThrow(() -> new AssertionError("no INVITE to " + calleeNumber)).header("Call-ID").orElseThrow();
    }

    /** When the callee's phone sent its 200 for the call to {@code calleeNumber}: the moment the call was answered. */
    static Instant answeredAt(SippPhone callee, String calleeNumber) {
        return first(callee, sentOk(callIdOfInviteTo(callee, calleeNumber)));
    }

    static void assertWithinASecond(Instant expected, Instant actual, String what) {
        if (actual == null || Duration.between(expected, actual).abs().compareTo(Duration.ofSeconds(1)) > 0) {
            throw new AssertionError(what + ": expected within 1 s of " + expected + " but was " + actual);
        }
    }
}
