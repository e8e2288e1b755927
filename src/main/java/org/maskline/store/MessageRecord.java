package org.maskline.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One text message, as the relay or the API saw it: relayed, failed or rejected.
 *
 * @param sessionId   null when no session routed it
 * @param from        inbound: the sender's real number (or what the carrier sent, sanitized); api: the
 *                    proxy number the message showed as its sender
 * @param to          the recipient's real number; null when nothing was routed
 * @param proxyNumber inbound: the service number the sender wrote to; api: the proxy number shown as From
 * @param reason      why it was rejected or failed; null when sent
 * @param bodyLength  the body's length in UTF-8 bytes
 * @param body        the text, only when bodies are stored (MASKLINE_STORE_MESSAGE_BODIES), else null
 */
public record MessageRecord(String id, String sessionId, String from, String to, String proxyNumber,
                            MessageDirection direction, MessageStatus status, String reason, Instant createdAt,
                            int bodyLength, String body) {
    public MessageRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(proxyNumber, "proxyNumber");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
