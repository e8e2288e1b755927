package org.maskline.ari;

import java.time.Instant;

/** {@code GET /asterisk/info}. Each part may be null when Asterisk was asked for only some of them. */
public record AsteriskInfo(BuildInfo build, SystemInfo system, ConfigInfo config, StatusInfo status) {

    public record BuildInfo(String os, String kernel, String options, String machine, String date, String user) {}

    /** {@code entityId} is the node's EID, the same value events carry as {@code asterisk_id}. */
    public record SystemInfo(String version, String entityId) {}

    public record SetId(String user, String group) {}

    public record ConfigInfo(String name, String defaultLanguage, Integer maxChannels, Integer maxOpenFiles,
                             Double maxLoad, SetId setid) {}

    /** {@code startupTime} changes when Asterisk restarts, which tells a reconnecting client that all calls are gone. */
    public record StatusInfo(Instant startupTime, Instant lastReloadTime) {}
}
