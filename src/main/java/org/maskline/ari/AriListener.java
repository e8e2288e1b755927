package org.maskline.ari;

/**
 * Receives what one node's event WebSocket delivers. Every method runs off the Netty event loop, so a handler may block
 * (for example on a REST call's {@code join()}), but blocking holds back later events of the same ordering key.
 */
public interface AriListener {

    /** Events with the same {@link AriEvent#orderingKey()} arrive one at a time, in the order Asterisk sent them. */
    void onEvent(AriEvent event);

    /**
     * The WebSocket is up. When {@code reconnected} is true there was a gap: Asterisk does not queue events for a
     * disconnected app, so reconcile from {@code GET /applications/{app}}, {@code /channels} and {@code /bridges}.
     */
    default void onConnected(boolean reconnected) {}

    default void onDisconnected(Throwable cause) {}

    /**
     * Another client registered the same application name and now receives its events. The client steps back and only
     * retries after a long quiet period, so two processes sharing a name do not steal events from each other in a loop.
     */
    default void onApplicationReplaced() {}
}
