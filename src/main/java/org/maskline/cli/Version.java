package org.maskline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Maskline's version, as Maven stamped it into the build (the jar and the classes alike). */
public final class Version {
    private Version() {}

    /** e.g. {@code 0.1.0-SNAPSHOT}; "unknown" when run from sources no build has stamped. */
    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("/org/maskline/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) return v;
            }
        } catch (IOException e) {
            // fall through: a missing stamp is not worth failing --version for
        }
        return "unknown";
    }

    /** The line {@code --version} prints. */
    public static String line() {
        return "maskline " + get() + " (Java " + Runtime.version().feature() + ")";
    }

    /** For picocli's {@code --version}. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {line()};
        }
    }
}
