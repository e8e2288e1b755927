package org.maskline.ari;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of an ARI channel. {@code state} is Asterisk's text ("Down", "Ring", "Ringing", "Up", ...).
 * {@code protocolId} is the SIP Call-ID for PJSIP channels, which ties a channel to a SIP trace.
 */
public record Channel(String id, String name, String state, CallerId caller, CallerId connected, String accountcode,
                      DialplanCEP dialplan, Instant creationtime, String language, Map<String, String> channelvars,
                      String protocolId, String callerRdnis, String tenantid) {

    public Channel {
        caller = caller == null ? new CallerId("", "") : caller;
        connected = connected == null ? new CallerId("", "") : connected;
        channelvars = channelvars == null ? Map.of() : Map.copyOf(nullsToEmpty(channelvars));
    }

    /** The shape the call flow cares about; the trailing fields default to empty. */
    public Channel(String id, String name, String state, CallerId caller, CallerId connected, String accountcode,
                   DialplanCEP dialplan, Instant creationtime, String language, Map<String, String> channelvars) {
        this(id, name, state, caller, connected, accountcode, dialplan, creationtime, language, channelvars, "", "", null);
    }

    // Asterisk reports an unset channel variable as JSON null; Map.copyOf refuses nulls.
    private static Map<String, String> nullsToEmpty(Map<String, String> m) {
        if (!m.containsValue(null)) {
            return m;
        }
        var copy = new java.util.HashMap<String, String>();
        m.forEach((k, v) -> copy.put(k, v == null ? "" : v));
        return copy;
    }
}
