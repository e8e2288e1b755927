package org.maskline.config;

import java.net.URI;

/** @param url the ARI base, e.g. http://127.0.0.1:8088/ari */
public record AriConfig(URI url, String user, String password, String app) {
    @Override
    public String toString() {
        return "AriConfig[url=" + url + ", user=" + user + ", password=***, app=" + app + "]";
    }
}
