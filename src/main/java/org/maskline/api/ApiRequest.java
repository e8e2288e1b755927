package org.maskline.api;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the handlers see it, copied off Netty's buffers.
 *
 * @param pathParams  values of the template's {placeholders}, decoded
 * @param query       decoded query parameters; a literal {@code +} stays a plus (E.164 numbers are sent unencoded)
 * @param contentType the Content-Type header, or null
 * @param range       the Range header, or null (recordings are served in parts)
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> pathParams,
                  String authorization, String contentType, byte[] body, String range) {
    public ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> pathParams,
               String authorization, String contentType, byte[] body) {
        this(method, path, query, pathParams, authorization, contentType, body, null);
    }

    ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, query, params, authorization, contentType, body, range);
    }
}
