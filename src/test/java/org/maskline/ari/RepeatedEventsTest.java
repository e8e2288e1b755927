package org.maskline.ari;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The copies Asterisk sends to an application subscribed to a channel and to its endpoint. */
class RepeatedEventsTest {
    private static String dtmf(String digit, String at) {
        return "{\"type\":\"ChannelDtmfReceived\",\"timestamp\":\"" + at + "\",\"digit\":\"" + digit
                + "\",\"channel\":{\"id\":\"A1\"}}";
    }

    @Test
    void theSameTextAgainIsACopyAnotherPressIsNot() {
        RepeatedEvents r = new RepeatedEvents();
        assertFalse(r.isRepeat(dtmf("9", "2026-12-07T03:27:06.812+0000")));
        assertTrue(r.isRepeat(dtmf("9", "2026-12-07T03:27:06.812+0000")), "the copy through the endpoint");
        assertFalse(r.isRepeat(dtmf("9", "2026-12-07T03:27:07.312+0000")), "the same key pressed again");
        assertFalse(r.isRepeat(dtmf("3", "2026-12-07T03:27:07.312+0000")));
    }

    @Test
    void theWindowIsBoundedAndAReconnectForgets() {
        RepeatedEvents r = new RepeatedEvents();
        String first = dtmf("1", "2026-12-07T03:00:00.000+0000");
        r.isRepeat(first);
        for (int i = 0; i < RepeatedEvents.WINDOW; i++) r.isRepeat(dtmf("2", "2026-12-07T03:00:01." + (100 + i) + "+0000"));
        assertFalse(r.isRepeat(first), "out of the window: taken as new (memory stays bounded)");
        r.clear();
        assertFalse(r.isRepeat(dtmf("2", "2026-12-07T03:00:01.100+0000")));
    }
}
