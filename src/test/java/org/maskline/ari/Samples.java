package org.maskline.ari;

/** Canned ARI JSON shaped after the models in Asterisk's rest-api/api-docs (events.json, channels.json, ...). */
final class Samples {
    private Samples() {}

    static final String TS = "2024-05-01T10:11:12.345+0000";

    static String channel(String id) {
        return """
                {"id":"%s","name":"PJSIP/caller-00000001","state":"Ring","protocol_id":"a84d-11@127.0.0.1",
                 "caller":{"name":"Alice","number":"15551230001"},"connected":{"name":"","number":""},
                 "accountcode":"","dialplan":{"context":"from-sip","exten":"15551239999","priority":2,
                 "app_name":"Stasis","app_data":"maskline"},"creationtime":"2024-05-01T10:11:12.001+0000",
                 "language":"en","channelvars":{"MASK":"1"}}""".formatted(id);
    }

    static String bridge(String id, String... channels) {
        var ids = new StringBuilder();
        for (String c : channels) {
            ids.append(ids.isEmpty() ? "" : ",").append('"').append(c).append('"');
        }
        return """
                {"id":"%s","technology":"simple_bridge","bridge_type":"mixing","bridge_class":"stasis",
                 "creator":"Stasis","name":"call-1","channels":[%s],"video_mode":"none",
                 "creationtime":"2024-05-01T10:11:13.000+0000"}""".formatted(id, ids);
    }

    static String playback(String id, String target) {
        return """
                {"id":"%s","media_uri":"sound:hello-world","target_uri":"%s","language":"en","state":"playing"}"""
                .formatted(id, target);
    }

    static String recording(String name, String target) {
        return """
                {"name":"%s","format":"wav","target_uri":"%s","state":"recording","duration":3,
                 "talking_duration":2,"silence_duration":1}""".formatted(name, target);
    }

    static String endpoint() {
        return """
                {"technology":"PJSIP","resource":"trunk","state":"online","channel_ids":["c1"]}""";
    }

    /** A whole event: the common Message/Event fields plus {@code fields} (a JSON object body without braces). */
    static String event(String type, String fields) {
        return """
                {"type":"%s","application":"maskline","timestamp":"%s","asterisk_id":"02:42:ac:11:00:02"%s}"""
                .formatted(type, TS, fields.isBlank() ? "" : "," + fields);
    }
}
