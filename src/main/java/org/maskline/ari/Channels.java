package org.maskline.ari;

import static org.maskline.ari.RestCall.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code /channels}: the operations a Stasis call flow needs. Ids are the caller's; see {@link AriClient#newId()}. */
public final class Channels {
    private final RestTransport http;

    Channels(RestTransport http) {
        this.http = http;
    }

    /**
     * {@code POST /channels/create}: the channel exists but is not dialed until {@link #dial}. Asterisk answers before
     * the channel has entered Stasis; wait for its StasisStart before dialing, or the dial can fail with
     * {@link AriException.NotInStasis} (409), as seen on Asterisk 22.10 when channel setup is slow.
     */
    public CompletableFuture<Channel> create(ChannelCreate req) {
        return http.send(RestCall.post("channels.create", "/channels/create")
                .param("endpoint", req.endpoint())
                .param("app", req.app())
                .param("appArgs", req.appArgs())
                .param("channelId", req.channelId())
                .param("otherChannelId", req.otherChannelId())
                .param("originator", req.originator())
                .param("formats", req.formats())
                .withVariables(req.variables()), Readers.json(Channel.class));
    }

    /**
     * Dials a created channel. {@code timeoutSeconds} 0 means Asterisk waits forever, so pass one.
     *
     * @param caller a channel whose caller identity Asterisk copies onto the dialed channel, or null. Masked calls
     *               must pass null: with a caller the real number goes out in From/PAI (seen on Asterisk 22.10),
     *               overriding a CALLERID set at create. Dial events name no caller channel either way.
     */
    public CompletableFuture<Void> dial(String channelId, String caller, int timeoutSeconds) {
        return http.send(RestCall.post("channels.dial", path("/channels/", channelId, "/dial"))
                .param("caller", caller)
                .param("timeout", timeoutSeconds), Readers.none());
    }

    public CompletableFuture<Void> answer(String channelId) {
        return http.send(RestCall.post("channels.answer", path("/channels/", channelId, "/answer")), Readers.none());
    }

    /** Sends ringing (180) to the channel. */
    public CompletableFuture<Void> ring(String channelId) {
        return http.send(RestCall.post("channels.ring", path("/channels/", channelId, "/ring")), Readers.none());
    }

    public CompletableFuture<Void> ringStop(String channelId) {
        return http.send(RestCall.delete("channels.ringStop", path("/channels/", channelId, "/ring")), Readers.none());
    }

    /**
     * Mutes the channel: {@code direction} {@code in} silences what its party says (the bridge and the other
     * party hear nothing of it), {@code out} what it hears, {@code both} both.
     */
    public CompletableFuture<Void> mute(String channelId, String direction) {
        return http.send(RestCall.post("channels.mute", path("/channels/", channelId, "/mute"))
                .param("direction", direction), Readers.none());
    }

    /** Undoes {@link #mute} in {@code direction}. */
    public CompletableFuture<Void> unmute(String channelId, String direction) {
        return http.send(RestCall.delete("channels.unmute", path("/channels/", channelId, "/mute"))
                .param("direction", direction), Readers.none());
    }

    /** Sends early media indication (183) to the channel. */
    public CompletableFuture<Void> progress(String channelId) {
        return http.send(RestCall.post("channels.progress", path("/channels/", channelId, "/progress")), Readers.none());
    }

    /**
     * Hangs up. {@code reason} is ARI's text: normal, busy, congestion, no_answer, timeout, rejected, unallocated,
     * normal_unspecified, number_incomplete, codec_mismatch, interworking, failure, answered_elsewhere; null means normal.
     */
    public CompletableFuture<Void> hangup(String channelId, String reason) {
        return http.send(RestCall.delete("channels.hangup", path("/channels/", channelId))
                .param("reason", reason), Readers.none());
    }

    /** Hangs up with a numeric Q.850 cause, when no text reason fits. */
    public CompletableFuture<Void> hangupWithCause(String channelId, int q850Cause) {
        return http.send(RestCall.delete("channels.hangup", path("/channels/", channelId))
                .param("reason_code", q850Cause), Readers.none());
    }

    /**
     * Reads a channel variable or function (e.g. {@code CALLERID(num)}). Completes with null when the variable is
     * not set; a missing channel still fails with {@link AriException.NotFound}.
     */
    public CompletableFuture<String> getVariable(String channelId, String name) {
        return http.send(RestCall.get("channels.getVariable", path("/channels/", channelId, "/variable"))
                        .param("variable", name), Readers.json(JsonNode.class))
                .thenApply(n -> n.path("value").asText(""))
                .exceptionallyCompose(t -> {
                    // Asterisk answers 404 both for a missing channel and for an unset variable; only the text differs.
                    if (AriException.unwrap(t) instanceof AriException.NotFound nf
                            && nf.asteriskMessage().toLowerCase(java.util.Locale.ROOT).contains("variable")) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return CompletableFuture.failedFuture(AriException.unwrap(t));
                });
    }

    /** Sets a channel variable or writable function; a null value unsets it. */
    public CompletableFuture<Void> setVariable(String channelId, String name, String value) {
        return http.send(RestCall.post("channels.setVariable", path("/channels/", channelId, "/variable"))
                .param("variable", name)
                .param("value", value), Readers.none());
    }

    public CompletableFuture<List<Channel>> list() {
        return http.send(RestCall.get("channels.list", "/channels"), Readers.list(Channel.class));
    }

    public CompletableFuture<Channel> get(String channelId) {
        return http.send(RestCall.get("channels.get", path("/channels/", channelId)), Readers.json(Channel.class));
    }

    /**
     * Plays media in order, e.g. {@code sound:hello-world}, {@code tone:ring}. With a {@code playbackId} (see
     * {@link AriClient#newId()}) the Playback events can be matched before the response arrives.
     */
    public CompletableFuture<Playback> play(String channelId, String playbackId, String... media) {
        if (media.length == 0) {
            throw new IllegalArgumentException("play needs at least one media URI");
        }
        // ARI splits a multi-valued query parameter on commas; a repeated parameter would keep only the last.
        return http.send(RestCall.post("channels.play", path("/channels/", channelId, "/play"))
                .param("media", String.join(",", media))
                .param("playbackId", playbackId), Readers.json(Playback.class));
    }

    public CompletableFuture<LiveRecording> record(String channelId, RecordRequest req) {
        return http.send(RecordParams.apply(RestCall.post("channels.record", path("/channels/", channelId, "/record")),
                req), Readers.json(LiveRecording.class));
    }

    /**
     * {@code POST /channels/{id}/snoop/{snoopId}}: a new channel, in the application {@code app}, that hears the
     * channel's audio in the {@code spy} direction ("in": what the channel's party says; "out"; "both"). It hangs
     * itself up when the spied channel goes; until then it produces silence where no audio flows, so two snoops
     * started together stay aligned.
     */
    public CompletableFuture<Channel> snoop(String channelId, String snoopId, String spy, String app, String appArgs) {
        return http.send(RestCall.post("channels.snoop", path("/channels/", channelId, "/snoop/", snoopId))
                .param("spy", spy)
                .param("app", app)
                .param("appArgs", appArgs), Readers.json(Channel.class));
    }

    /** Leaves Stasis and continues in the dialplan; null arguments keep the channel's current position. */
    public CompletableFuture<Void> continueInDialplan(String channelId, String context, String extension,
                                                      Integer priority, String label) {
        return http.send(RestCall.post("channels.continue", path("/channels/", channelId, "/continue"))
                .param("context", context)
                .param("extension", extension)
                .param("priority", priority)
                .param("label", label), Readers.none());
    }

    public CompletableFuture<Void> sendDtmf(String channelId, String dtmf) {
        return http.send(RestCall.post("channels.sendDtmf", path("/channels/", channelId, "/dtmf"))
                .param("dtmf", dtmf), Readers.none());
    }

    /** Sets several variables at once (a JSON body, as ARI expects for this call). */
    public CompletableFuture<Void> setVariables(String channelId, Map<String, String> variables) {
        return http.send(RestCall.post("channels.setVariables", path("/channels/", channelId, "/variables"))
                .withBody(Map.of("variables", variables)), Readers.none());
    }
}
