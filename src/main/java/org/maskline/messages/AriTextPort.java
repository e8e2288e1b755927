package org.maskline.messages;

import java.util.concurrent.CompletableFuture;
import org.maskline.ari.AriClient;
import org.maskline.ari.AriException;

/** {@link TextPort} on one Asterisk node's ARI. */
public final class AriTextPort implements TextPort {
    private final AriClient ari;
    private final String app;
    private final TrunkAddress trunk;

    public AriTextPort(AriClient ari, String app, TrunkAddress trunk) {
        this.ari = ari;
        this.app = app;
        this.trunk = trunk;
    }

    @Override
    public CompletableFuture<Void> send(String toNumber, String fromNumber, String body) {
        var to = trunk.to(toNumber);
        if (to.isEmpty()) {
            // The dial template cannot write this number (a {national} template, another country): nobody is sent anything.
            return CompletableFuture.failedFuture(new AriException.BadRequest("endpoints.sendMessage", 400,
                    "MASKLINE_DIAL_TEMPLATE cannot dial this number"));
        }
        return ari.endpoints().sendText(to.get(), fromNumber, body);
    }

    @Override
    public CompletableFuture<Void> subscribe() {
        return ari.applications().subscribe(app, trunk.eventSource()).thenApply(a -> null);
    }

    @Override
    public CompletableFuture<Void> unsubscribe() {
        return ari.applications().unsubscribe(app, trunk.eventSource()).thenApply(a -> null);
    }

    @Override
    public CompletableFuture<Boolean> isSubscribed() {
        return ari.applications().get(app).thenApply(a -> a.endpointIds().contains(trunk.endpoint()));
    }

    @Override
    public boolean isConnected() {
        return ari.isConnected();
    }
}
