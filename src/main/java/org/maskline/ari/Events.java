package org.maskline.ari;

import static org.maskline.ari.RestCall.path;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code /events}: user events, which Asterisk delivers to an application's WebSocket as ChannelUserevent. */
public final class Events {
    private final RestTransport http;

    Events(RestTransport http) {
        this.http = http;
    }

    /**
     * Sends {@code ChannelUserevent} named {@code eventName} to {@code application}.
     *
     * @param sources event sources such as {@code channel:ID}; the event then carries (and is ordered with) that
     *                channel. Empty for an event about nothing in particular.
     */
    public CompletableFuture<Void> userEvent(String eventName, String application, List<String> sources,
                                             Map<String, String> variables) {
        return http.send(RestCall.post("events.userEvent", path("/events/user/", eventName))
                .param("application", application)
                .param("source", sources == null || sources.isEmpty() ? null : String.join(",", sources))
                .withVariables(variables), Readers.none());
    }
}
