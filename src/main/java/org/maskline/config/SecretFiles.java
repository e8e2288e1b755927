package org.maskline.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code MASKLINE_X_FILE=/path}: the value of {@code MASKLINE_X} read from a file, the way Docker
 * secrets ({@code /run/secrets/...}) and systemd credentials ({@code $CREDENTIALS_DIRECTORY/...})
 * hand secrets over, so that they never sit in an environment a process listing or
 * {@code docker inspect} shows. Any key may be given so; the file's content is the value, without
 * the line break that editors and {@code echo} add at its end.
 */
final class SecretFiles {
    static final String SUFFIX = "_FILE";
    /** A secret is a line, not a document: a bigger file is a wrong path. */
    private static final long MAX_BYTES = 64 * 1024;

    private SecretFiles() {}

    /** {@code MASKLINE_X} for {@code MASKLINE_X_FILE}; the name itself otherwise. */
    static String keyOf(String name) {
        return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
    }

    /**
     * One source's values (the environment, or the properties file) with every {@code X_FILE}
     * replaced by {@code X} and the file's content. Both set in one source is refused: which one
     * wins would be a guess.
     */
    static Map<String, String> resolve(Map<String, String> raw, String where) {
        Map<String, String> out = new HashMap<>();
        raw.forEach((name, value) -> {
            if (!name.endsWith(SUFFIX)) {
                out.putIfAbsent(name, value);
                return;
            }
            if (value == null || value.isBlank()) {
                return; // unset, as a blank key is
            }
            String key = keyOf(name);
            String direct = raw.get(key);
            if (direct != null && !direct.isBlank()) {
                throw new ConfigException(where + key + " and " + name + " are both set: keep one");
            }
            out.put(key, read(name, Path.of(value.strip())));
        });
        return out;
    }

    private static String read(String name, Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw ConfigException.bad(name, file + " is over " + MAX_BYTES / 1024 + " kB: not a secret file");
            }
            String v = Files.readString(file, StandardCharsets.UTF_8);
            v = v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
            v = v.endsWith("\r") ? v.substring(0, v.length() - 1) : v;
            if (v.isBlank()) {
                throw ConfigException.bad(name, file + " is empty");
            }
            return v;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigException c) throw c;
            throw ConfigException.bad(name, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
