package org.maskline.ari;

final class RecordParams {
    private RecordParams() {}

    static RestCall apply(RestCall call, RecordRequest req) {
        return call.param("name", req.name())
                .param("format", req.format())
                .param("maxDurationSeconds", req.maxDurationSeconds())
                .param("maxSilenceSeconds", req.maxSilenceSeconds())
                .param("ifExists", req.ifExists())
                .param("beep", req.beep())
                .param("terminateOn", req.terminateOn());
    }
}
