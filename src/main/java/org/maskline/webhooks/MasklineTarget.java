package org.maskline.webhooks;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Maskline's webhook: {@code POST {"id","type","createdAt","data"}} signed with {@code Maskline-Signature}. */
public final class MasklineTarget implements Target {
    private final URI url;
    private final String secret;

    public MasklineTarget(URI url, String secret) {
        this.url = url;
        this.secret = secret;
    }

    @Override
    public String name() {
        return Outbox.WEBHOOK;
    }

    @Override
    public Optional<OutgoingRequest> request(Event event, Instant now) {
        byte[] body = WebhookJson.body(event);
        return Optional.of(new OutgoingRequest(url, "application/json", body, Map.of(
                Signature.HEADER, Signature.header(secret, now, body),
                "Maskline-Event-Id", event.id(),
                "Maskline-Event-Type", event.type())));
    }
}
