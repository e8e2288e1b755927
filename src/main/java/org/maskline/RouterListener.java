package org.maskline;

import java.util.concurrent.CompletableFuture;
import org.maskline.ari.AriEvent;
import org.maskline.ari.AriListener;
import org.maskline.calls.CallRouter;

/** Forwards ARI events to the call router once it exists (the client is built first). */
final class RouterListener implements AriListener {
    private final CompletableFuture<CallRouter> router;

    RouterListener(CompletableFuture<CallRouter> router) {
        this.router = router;
    }

    @Override
    public void onEvent(AriEvent event) {
        router.join().onEvent(event);
    }

    @Override
    public void onConnected(boolean reconnected) {
        router.join().onConnected(reconnected);
    }

    @Override
    public void onDisconnected(Throwable cause) {
        router.join().onDisconnected(cause);
    }

    @Override
    public void onApplicationReplaced() {
        router.join().onApplicationReplaced();
    }
}
