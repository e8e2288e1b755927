package org.maskline;

import java.util.concurrent.CompletableFuture;
import org.maskline.ari.AriEvent;
import org.maskline.ari.AriListener;
import org.maskline.calls.CallRouter;
import org.maskline.messages.MessageRelay;

/**
 * Forwards ARI events to the call router once it exists (the client is built first), and the
 * carrier's text messages to the message relay (null when messaging is off).
 */
final class RouterListener implements AriListener {
    private final CompletableFuture<CallRouter> router;
    private final CompletableFuture<MessageRelay> messages;

    RouterListener(CompletableFuture<CallRouter> router) {
        this(router, CompletableFuture.completedFuture(null));
    }

    RouterListener(CompletableFuture<CallRouter> router, CompletableFuture<MessageRelay> messages) {
        this.router = router;
        this.messages = messages;
    }

    @Override
    public void onEvent(AriEvent event) {
        if (event instanceof AriEvent.TextMessageReceived text) {
            MessageRelay relay = messages.join();
            if (relay != null) relay.onEvent(text);
            return;
        }
        router.join().onEvent(event);
    }

    @Override
    public void onConnected(boolean reconnected) {
        router.join().onConnected(reconnected);
        MessageRelay relay = messages.join();
        if (relay != null) relay.onConnected();
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
