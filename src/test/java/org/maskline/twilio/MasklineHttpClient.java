package org.maskline.twilio;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * What a Twilio Proxy user adds to move to Maskline (docs/twilio-migration.md): the SDK's own HTTP client,
 * with every {@code https://proxy.twilio.com} URL sent to Maskline's {@code /twilio} instead. Everything
 * else (auth, parameters, retries, JSON) is the SDK's.
 */
final class MasklineHttpClient extends HttpClient {
    private static final String TWILIO = "https://proxy.twilio.com";
    private final String maskline;
    private final NetworkHttpClient http = new NetworkHttpClient();

    /** @param maskline e.g. {@code http://127.0.0.1:8080/twilio} */
    MasklineHttpClient(String maskline) {
        this.maskline = maskline;
    }

    @Override
    public Response makeRequest(Request original) {
        String url = original.getUrl();
        if (!url.startsWith(TWILIO + "/")) {
            throw new IllegalArgumentException("not a Twilio Proxy URL: " + url);
        }
        Request r = new Request(original.getMethod(), maskline + url.substring(TWILIO.length()));
        original.getQueryParams().forEach((k, vs) -> vs.forEach(v -> r.addQueryParam(k, v)));
        original.getPostParams().forEach((k, vs) -> vs.forEach(v -> r.addPostParam(k, v)));
        original.getHeaderParams().forEach((k, vs) -> vs.forEach(v -> r.addHeaderParam(k, v)));
        if (original.getUsername() != null) {
            r.setAuth(original.getUsername(), original.getPassword());
        } else if (original.getAuthStrategy() != null) {
            r.setAuth(original.getAuthStrategy());
        }
        r.setContentType(original.getContentType());
        r.setBody(original.getBody());
        return http.makeRequest(r);
    }
}
