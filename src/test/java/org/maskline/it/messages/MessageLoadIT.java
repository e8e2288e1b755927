package org.maskline.it.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.maskline.it.messages.Texting.assertShownNothingOf;
import static org.maskline.it.messages.Texting.freshNumber;
import static org.maskline.it.messages.Texting.messagesReceived;
import static org.maskline.it.messages.Texting.proxyOf;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.config.MessageConfig;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionMode;
import org.maskline.store.MessageRecord;
import org.maskline.store.MessageStatus;

/**
 * 1,000 of the carrier's messages at 50 a second, in 100 sessions, both directions: none lost,
 * each delivered once, unchanged, to the right phone, from the right proxy, showing no other real
 * number; Asterisk's queues are empty afterwards.
 */
@ExtendWith(SandboxExtension.class)
class MessageLoadIT {
    private static final int SESSIONS = 100;
    private static final int MESSAGES = 1_000;
    private static final int RATE = 50;
    private static final Duration RUN = Duration.ofSeconds(MESSAGES / RATE + 30);
    private static Texting texting;

    @BeforeAll
    static void up() throws Exception {
        texting = Texting.start(Map.of(MessageConfig.PER_MINUTE, "1000", MessageConfig.STORE_BODIES, "true"));
    }

    @AfterAll
    static void down() throws Exception {
        if (texting != null) {
            texting.close();
            Texting.awaitSubscribed(false);
        }
    }

    /** Who sent a text, to whom, and what the recipient must be shown. */
    private record Expected(String from, String to, String shownAs) {}

    @Test
    void aThousandMessagesAtFiftyASecondAreAllRelayedOnceUnchangedAndMasked(Sandbox sandbox) throws Exception {
        List<String[]> pairs = new ArrayList<>();
        List<Session> sessions = new ArrayList<>();
        Set<String> everyone = new HashSet<>();
        for (int i = 0; i < SESSIONS; i++) {
            String rider = freshNumber();
            String driver = freshNumber();
            sessions.add(texting.openSession(rider, driver, SessionMode.VOICE_AND_MESSAGE));
            pairs.add(new String[] {rider, driver});
            everyone.add(rider);
            everyone.add(driver);
        }
        Map<String, Expected> expected = new HashMap<>();
        SippPhone.Builder carrier = Texting.carrier().rate(RATE);
        for (int i = 0; i < MESSAGES; i++) {
            Session s = sessions.get(i % SESSIONS);
            String[] p = pairs.get(i % SESSIONS);
            boolean back = (i / SESSIONS) % 2 == 1;
            String from = back ? p[1] : p[0];
            String to = back ? p[0] : p[1];
            String text = "carga " + i + " ✓ ñ";
            expected.put(text, new Expected(from, to, proxyOf(s, to)));
            carrier.call(from, proxyOf(s, from), text);
        }
        try (SippPhone phones = Texting.recipients(sandbox, MESSAGES); SippPhone sender = carrier.dial(sandbox)) {
            assertEquals(0, sender.awaitExit(RUN), "every MESSAGE got 202");
            assertEquals(0, phones.awaitExit(Texting.DEADLINE), "the phones got all " + MESSAGES);
            List<SipMessage> got = messagesReceived(phones);
            assertEquals(MESSAGES, got.size());
            Set<String> seen = new HashSet<>();
            for (SipMessage m : got) {
                Expected e = expected.get(m.body());
                if (e == null) throw new AssertionError("a text nobody sent, or changed on the way:\n" + m.raw());
                if (!seen.add(m.body())) throw new AssertionError("delivered twice:\n" + m.raw());
                assertEquals(e.to(), m.requestUser(), m.raw());
                assertEquals(e.shownAs(), m.headerUser("From").orElseThrow(), m.raw());
                Set<String> others = new HashSet<>(everyone);
                others.remove(e.to());
                assertShownNothingOf(m, others);
            }
            assertEquals(expected.keySet(), seen, "none lost");
        }
        assertEquals(List.of(), Texting.awaitQueuesEmpty(sandbox), "Asterisk's queues after the run");
        List<MessageRecord> rows = texting.awaitRows(r -> r.body() != null && r.body().startsWith("carga "), MESSAGES);
        assertEquals(MESSAGES, rows.stream().filter(r -> r.status() == MessageStatus.SENT).count(), "every one logged sent");
        for (MessageRecord r : rows) {
            Expected e = expected.get(r.body());
            assertEquals(e.from(), r.from());
            assertEquals(e.to(), r.to());
        }
    }
}
