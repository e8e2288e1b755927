package org.maskline.ari;

import static org.maskline.ari.RestCall.path;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code /endpoints}. */
public final class Endpoints {
    private final RestTransport http;

    Endpoints(RestTransport http) {
        this.http = http;
    }

    /**
     * Sends an out-of-call text message ({@code PUT /endpoints/sendMessage}).
     *
     * @param to   technology URI, e.g. {@code pjsip:trunk/sip:+15551234567@10.0.0.1}
     * @param from e.g. {@code sip:+15550000000@maskline}
     */
    public CompletableFuture<Void> sendMessage(String to, String from, String body, Map<String, String> variables) {
        return http.send(RestCall.put("endpoints.sendMessage", "/endpoints/sendMessage")
                .param("to", to)
                .param("from", from)
                .param("body", body)
                .withVariables(variables), Readers.none());
    }

    /**
     * Sends an out-of-call text message with every field in the JSON body, not the query string:
     * a 1 KB UTF-8 text would make a request line of several KB, past what Asterisk's HTTP server
     * reads, and the body keeps it byte for byte. Completes once Asterisk has sent the MESSAGE
     * (ARI's 202); Asterisk never reports the far end's answer.
     *
     * @param to   technology URI, e.g. {@code pjsip:PJSIP/+15551234567@trunk}
     * @param from the From user (a number), or a whole SIP URI
     */
    public CompletableFuture<Void> sendText(String to, String from, String body) {
        return http.send(RestCall.put("endpoints.sendMessage", "/endpoints/sendMessage")
                .withBody(Map.of("to", to, "from", from, "body", body)), Readers.none());
    }

    public CompletableFuture<List<Endpoint>> list() {
        return http.send(RestCall.get("endpoints.list", "/endpoints"), Readers.list(Endpoint.class));
    }

    public CompletableFuture<Endpoint> get(String technology, String resource) {
        return http.send(RestCall.get("endpoints.get", path("/endpoints/", technology, "/", resource)),
                Readers.json(Endpoint.class));
    }
}
