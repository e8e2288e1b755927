package org.maskline.twilio;

/**
 * The absolute URLs in {@code url}, {@code links} and {@code meta}. By default they are Twilio's own
 * ({@code https://proxy.twilio.com/v1/...}), exactly as Twilio returns them: the SDKs follow them through the
 * same HTTP client that sends every request to Maskline, and SDK helpers that refuse non-Twilio hosts
 * (twilio-java's {@code Reader.getPage}) keep working. A deployment may name its own base instead
 * (e.g. {@code https://maskline.example.com/twilio}) for clients that follow the URLs as they are.
 */
record Urls(String base) {
    static final String TWILIO = "https://proxy.twilio.com";

    Urls {
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** {@code path} starts with {@code /v1/}. */
    String of(String path) {
        return base + path;
    }

    static String service(String sid) {
        return "/v1/Services/" + sid;
    }

    static String session(String serviceSid, String sid) {
        return service(serviceSid) + "/Sessions/" + sid;
    }

    static String participant(String serviceSid, String sessionSid, String sid) {
        return session(serviceSid, sessionSid) + "/Participants/" + sid;
    }
}
