package org.maskline.messages;

import java.util.concurrent.CompletableFuture;

/** The Asterisk operations messaging needs: subscribe to the trunk's messages, and send one. */
public interface TextPort {
    /**
     * Sends one out-of-call MESSAGE on the trunk. Completes when Asterisk has built and sent it (ARI
     * answers 202 only then); exceptionally when Asterisk refused (an {@code AriException}).
     *
     * @param toNumber   the recipient's real number, E.164
     * @param fromNumber the number the recipient is shown (a proxy number)
     */
    CompletableFuture<Void> send(String toNumber, String fromNumber, String body);

    /** Makes Asterisk hand the trunk's MESSAGEs to this application (answered 202) instead of refusing them (404). */
    CompletableFuture<Void> subscribe();

    /**
     * Makes Asterisk refuse the trunk's MESSAGEs again (404): nobody would read them. Asterisk counts
     * subscriptions: one unsubscribe undoes one subscribe.
     */
    CompletableFuture<Void> unsubscribe();

    /** Whether the application is subscribed to the trunk now (one left by a crashed Maskline counts). */
    CompletableFuture<Boolean> isSubscribed();

    /** Whether the ARI connection is up now. */
    boolean isConnected();
}
