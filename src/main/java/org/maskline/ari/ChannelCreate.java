package org.maskline.ari;

import java.util.Map;

/**
 * {@code POST /channels/create}: a channel that is not dialed yet, so handlers can be registered under
 * {@code channelId} before the first event, and caller id can be set before {@link Channels#dial}.
 *
 * @param endpoint       e.g. {@code PJSIP/15551234567@trunk}
 * @param appArgs        comma-separated arguments for the StasisStart of this channel
 * @param otherChannelId id for the second (;2) half of a Local channel
 * @param originator     the channel whose formats and linked id the new channel inherits
 * @param formats        comma-separated codecs, e.g. "ulaw,alaw"; only when there is no originator
 * @param variables      channel variables set before dialing (sent as a JSON body, as ARI expects)
 */
public record ChannelCreate(String endpoint, String app, String appArgs, String channelId, String otherChannelId,
                            String originator, String formats, Map<String, String> variables) {

    public ChannelCreate {
        java.util.Objects.requireNonNull(endpoint, "endpoint");
        java.util.Objects.requireNonNull(app, "app");
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }

    public static ChannelCreate of(String endpoint, String app) {
        return new ChannelCreate(endpoint, app, null, null, null, null, null, Map.of());
    }

    public ChannelCreate withChannelId(String id) {
        return new ChannelCreate(endpoint, app, appArgs, id, otherChannelId, originator, formats, variables);
    }

    public ChannelCreate withAppArgs(String args) {
        return new ChannelCreate(endpoint, app, args, channelId, otherChannelId, originator, formats, variables);
    }

    public ChannelCreate withOriginator(String channel) {
        return new ChannelCreate(endpoint, app, appArgs, channelId, otherChannelId, channel, formats, variables);
    }

    public ChannelCreate withFormats(String codecs) {
        return new ChannelCreate(endpoint, app, appArgs, channelId, otherChannelId, originator, codecs, variables);
    }

    public ChannelCreate withVariables(Map<String, String> vars) {
        return new ChannelCreate(endpoint, app, appArgs, channelId, otherChannelId, originator, formats, vars);
    }
}
