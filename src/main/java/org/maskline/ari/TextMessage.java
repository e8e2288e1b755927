package org.maskline.ari;

import java.util.Map;

/** An out-of-call text message (SIP MESSAGE). */
public record TextMessage(String from, String to, String body, Map<String, String> variables) {
    public TextMessage {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}
