package org.maskline.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.ari.AriEvent.StasisEnd;
import org.maskline.ari.AriEvent.StasisStart;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SippPhone;

/** Asterisk goes away and comes back: the client notices, reconnects by itself, and the next call's events arrive. */
@ExtendWith(SandboxExtension.class)
class AriRestartIT {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void reconnectsAfterAnAsteriskRestart(Sandbox sandbox) throws Exception {
        var log = new EventLog();
        try (AriClient ari = EventLog.connect("it-restart", log)) {
            Instant bootedAt = ari.asterisk().info().get(5, TimeUnit.SECONDS).status().startupTime();

            sandbox.stop();
            log.awaitDisconnect(DEADLINE);
            assertFalse(ari.isConnected());
            var down = ari.asterisk().info();
            var failure = AriException.unwrap(org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> down.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)));
            assertTrue(failure instanceof AriException.Unavailable, String.valueOf(failure));

            sandbox.start();
            // Backoff is capped at 5 s, so the client is back within a few seconds of Asterisk.
            log.awaitReconnect(Duration.ofSeconds(30));
            ari.whenConnected().get(1, TimeUnit.SECONDS);
            assertTrue(ari.isConnected());
            Instant rebootedAt = ari.asterisk().info().get(5, TimeUnit.SECONDS).status().startupTime();
            assertNotEquals(bootedAt, rebootedAt, "startup_time tells a reconnecting client Asterisk restarted");

            try (SippPhone phone = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 10000).fill("HOLD_MS", 30000)
                    .call("+34600111222", "+15550100", "Alice").dial(sandbox)) {
                String id = log.await(StasisStart.class, e -> true, DEADLINE).channel().id();
                ari.channels().hangup(id, "normal").get(5, TimeUnit.SECONDS);
                log.await(StasisEnd.class, e -> e.channel().id().equals(id), DEADLINE);
                assertEquals(0, phone.awaitExit(DEADLINE), phone.transcript());
            }
        }
    }
}
