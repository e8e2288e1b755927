package org.maskline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Per-process figures from /proc: CPU time and memory. */
final class Procs {
    /** Linux's USER_HZ: /proc/PID/stat counts CPU time in these ticks. */
    private static final double TICKS_PER_SECOND = 100.0;

    private Procs() {}

    /** User plus system CPU time of a process, in milliseconds, or -1 when it is gone. */
    static double cpuMillis(long pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name may hold spaces; fields are counted after its closing parenthesis.
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]);
            long stime = Long.parseLong(f[12]);
            return (utime + stime) * 1000.0 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A value of /proc/PID/status: kB for Vm* keys, a count for Threads; -1 when absent. */
    static long status(long pid, String key) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
        for (String l : lines) {
            if (l.startsWith(key + ":")) {
                String[] f = l.substring(key.length() + 1).trim().split("\\s+");
                return Long.parseLong(f[0]);
            }
        }
        return -1;
    }

    /** Total CPU time of the machine (all cores, busy and idle) in milliseconds, from /proc/stat. */
    static double machineBusyMillis() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            long[] v = Arrays.stream(first.substring(4).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
            long idle = v[3] + (v.length > 4 ? v[4] : 0);
            long total = 0;
            for (int i = 0; i < Math.min(v.length, 8); i++) total += v[i];
            return (total - idle) * 1000.0 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
