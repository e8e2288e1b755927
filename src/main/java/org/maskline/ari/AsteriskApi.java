package org.maskline.ari;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;

/** {@code /asterisk}: facts about the node itself. */
public final class AsteriskApi {
    private final RestTransport http;

    AsteriskApi(RestTransport http) {
        this.http = http;
    }

    public CompletableFuture<AsteriskInfo> info() {
        return http.send(RestCall.get("asterisk.info", "/asterisk/info"), Readers.json(AsteriskInfo.class));
    }

    /** {@code GET /asterisk/ping}: the cheapest authenticated round trip; returns the node's EID. */
    public CompletableFuture<String> ping() {
        return http.send(RestCall.get("asterisk.ping", "/asterisk/ping"), Readers.json(JsonNode.class))
                .thenApply(n -> n.path("asterisk_id").asText(""));
    }

    public CompletableFuture<String> getGlobalVariable(String name) {
        return http.send(RestCall.get("asterisk.getGlobalVariable", "/asterisk/variable").param("variable", name),
                Readers.json(JsonNode.class)).thenApply(n -> n.path("value").asText(""));
    }
}
