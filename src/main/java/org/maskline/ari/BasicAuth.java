package org.maskline.ari;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

final class BasicAuth {
    private BasicAuth() {}

    static String header(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
