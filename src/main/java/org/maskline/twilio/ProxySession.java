package org.maskline.twilio;

import java.time.Instant;

/**
 * A Twilio session as stored, joined with the Maskline session that routes it once it has two participants.
 *
 * @param sessionId       the Maskline session, null while fewer than two participants are in (pending: routes nothing)
 * @param expiresAt       when it ends (the Maskline session's expiry once there is one)
 * @param endedAt         when it was closed or expired, null while open
 * @param closedReason    why it ended (api, ttl, participant-removed), null while open
 * @param lastInteraction the start of its latest call, null before the first
 */
record ProxySession(String sid, String serviceSid, String uniqueName, String sessionId, String mode, Integer ttl,
                    Instant expiresAt, Status status, Instant endedAt, String closedReason, Instant lastInteraction,
                    Instant createdAt, Instant updatedAt) {
    enum Status {
        OPEN("open"), IN_PROGRESS("in-progress"), CLOSED("closed");

        final String wire;

        Status(String wire) {
            this.wire = wire;
        }
    }

    boolean isOpen() {
        return status != Status.CLOSED;
    }
}
