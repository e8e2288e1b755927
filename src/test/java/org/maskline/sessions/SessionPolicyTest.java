package org.maskline.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.maskline.testsupport.MutableClock;

class SessionPolicyTest {
    private final MutableClock clock = MutableClock.atNow();
    private final SessionPolicy policy = new SessionPolicy("ES", Duration.ofHours(4), clock);
    private final List<NewParticipant> two = List.of(new NewParticipant("600111222", "rider"), new NewParticipant("+34600333444", null));

    @Test
    void normalizesAndAppliesTheDefaultTtl() {
        NewSession s = policy.newSession(two, new Lifetime.Default(), "trip-1");
        assertEquals(new NewParticipant("+34600111222", "rider"), s.first());
        assertEquals(clock.instant().plus(Duration.ofHours(4)), s.expiresAt());
    }

    @Test
    void lifetimes() {
        assertEquals(clock.instant().plusSeconds(60), policy.expiry(new Lifetime.Ttl(60)));
        Instant at = clock.instant().plusSeconds(3600);
        assertEquals(at, policy.expiry(new Lifetime.Until(at)));
        assertEquals("ttlSeconds", assertThrows(InvalidRequestException.class, () -> policy.expiry(new Lifetime.Ttl(0))).field());
        assertEquals("expiresAt", assertThrows(InvalidRequestException.class,
                () -> policy.expiry(new Lifetime.Until(clock.instant()))).field());
    }

    @Test
    void exactlyTwoDistinctParticipants() {
        assertEquals("participants", assertThrows(InvalidRequestException.class,
                () -> policy.newSession(two.subList(0, 1), new Lifetime.Default(), null)).field());
        assertEquals("participants", assertThrows(InvalidRequestException.class, () -> policy.newSession(
                List.of(new NewParticipant("600111222", null), new NewParticipant("0034600111222", null)),
                new Lifetime.Default(), null)).field());
        var e = assertThrows(InvalidNumberException.class, () -> policy.newSession(
                List.of(new NewParticipant("600111222", null), new NewParticipant("nope", null)), new Lifetime.Default(), null));
        assertEquals(true, e.getMessage().startsWith("participants[1].number"));
    }
}
