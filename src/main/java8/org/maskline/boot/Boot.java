package org.maskline.boot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The jar's entry point, compiled for Java 8 so that any runtime can load it: on a Java older than
 * 21 it says so in one line (instead of an UnsupportedClassVersionError on Maskline's first class),
 * otherwise it hands over to {@code org.maskline.Main}.
 */
public final class Boot {
    static final int REQUIRED = 21;

    private Boot() {}

    public static void main(String[] args) throws Throwable {
        int major = major(System.getProperty("java.specification.version", ""));
        if (major < REQUIRED) {
            System.err.println(refusal(major, System.getProperty("java.home", "?")));
            System.exit(1);
        }
        Method main = Class.forName("org.maskline.Main").getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // as if Main had been the entry point
        }
    }

    /** The one line an older Java gets. */
    static String refusal(int major, String javaHome) {
        return "maskline: needs Java " + REQUIRED + " or newer, and this is Java " + major + " (" + javaHome
                + "); run bin/maskline, which finds one, or set JAVA_HOME to a Java " + REQUIRED + "+";
    }

    /** "1.8" is 8, "17" is 17; anything unreadable is 0 (refused). */
    static int major(String spec) {
        String s = spec.startsWith("1.") ? spec.substring(2) : spec;
        int dot = s.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? s : s.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
