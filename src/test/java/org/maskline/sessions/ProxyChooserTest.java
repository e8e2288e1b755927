package org.maskline.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyChooserTest {
    private static final List<ProxyChooser.Candidate> POOL = List.of(
            new ProxyChooser.Candidate("+15550100", 3),
            new ProxyChooser.Candidate("+15550101", 1),
            new ProxyChooser.Candidate("+15550102", 2));
    private final Random random = new Random(7);

    @Test
    void picksTheLeastLoadedFreeNumber() {
        assertEquals(Optional.of("+15550101"), ProxyChooser.choose(POOL, Set.of(), Optional.empty(), false, random));
        assertEquals(Optional.of("+15550102"), ProxyChooser.choose(POOL, Set.of("+15550101"), Optional.empty(), false, random));
    }

    @Test
    void prefersTheStickyNumberWhenFree() {
        assertEquals(Optional.of("+15550100"), ProxyChooser.choose(POOL, Set.of(), Optional.of("+15550100"), false, random));
        assertEquals(Optional.of("+15550101"),
                ProxyChooser.choose(POOL, Set.of("+15550100"), Optional.of("+15550100"), false, random));
        assertEquals(Optional.of("+15550101"), ProxyChooser.choose(POOL, Set.of(), Optional.of("+19999999999"), false, random),
                "a sticky number that left the pool is ignored");
    }

    @Test
    void nothingWhenEveryNumberIsTaken() {
        assertEquals(Optional.empty(),
                ProxyChooser.choose(POOL, Set.of("+15550100", "+15550101", "+15550102"), Optional.empty(), false, random));
        assertEquals(Optional.empty(), ProxyChooser.choose(List.of(), Set.of(), Optional.empty(), false, random));
    }

    @Test
    void aRetryPicksAnyFreeNumber() {
        for (int i = 0; i < 50; i++) {
            String n = ProxyChooser.choose(POOL, Set.of("+15550101"), Optional.empty(), true, random).orElseThrow();
            assertTrue(Set.of("+15550100", "+15550102").contains(n), n);
        }
    }

    // ---- issue 17: Twilio's avoid-sticky ----

    @Test
    void avoidingStickinessTakesAnotherFreeNumberThanThePairHadBefore() {
        for (int i = 0; i < 50; i++) {
            String n = ProxyChooser.choose(POOL, Set.of(), Optional.of("+15550101"), Allocation.Stickiness.AVOID, false, random)
                    .orElseThrow();
            assertEquals("+15550102", n, "the least loaded number other than the previous one");
        }
    }

    @Test
    void avoidingStickinessStillGivesThePreviousNumberWhenItIsTheOnlyFreeOne() {
        assertEquals(Optional.of("+15550101"), ProxyChooser.choose(POOL, Set.of("+15550100", "+15550102"),
                Optional.of("+15550101"), Allocation.Stickiness.AVOID, false, random));
    }
}
