package org.maskline.it.recordings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Speech for a phone to say: espeak-ng's voice, made telephone-shaped by sox (8 kHz mu-law, no
 * header: what SIPp's {@code rtp_stream} sends as PCMU), with a lead-in of silence so that the
 * recording (which starts when the call is answered) hears the first word. Both tools come from
 * Debian's packages, installed by {@code scripts/transcriber/run install}.
 *
 * <p>The voice is espeak-ng's {@code en-us+klatt2}: PocketSphinx's US-English model recognizes its
 * words far better than those of the default voice (measured while choosing the test's phrases).
 */
final class Speech {
    private Speech() {}

    static void install(Path project) throws IOException, InterruptedException {
        run(List.of(project.resolve("scripts/transcriber/run").toString(), "install"), 600);
    }

    /** Writes {@code text}, spoken after {@code leadSeconds} of silence, to {@code target} as raw mu-law. */
    static void say(String text, double leadSeconds, Path target) throws IOException, InterruptedException {
        Path wav = Files.createTempFile("speech", ".wav");
        try {
            run(List.of("espeak-ng", "-v", "en-us+klatt2", "-s", "130", "-w", wav.toString(), text), 60);
            run(List.of("sox", wav.toString(), "-r", "8000", "-c", "1", "-e", "u-law", "-t", "raw", target.toString(),
                    "pad", String.valueOf(leadSeconds), "0"), 60);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** Writes each text, spoken after its own lead of silence, one after the other, to {@code target}. */
    static void say(Path target, String firstText, double firstLead, String thenText, double thenLead)
            throws IOException, InterruptedException {
        Path first = Files.createTempFile("speech", ".ulaw");
        Path then = Files.createTempFile("speech", ".ulaw");
        try {
            say(firstText, firstLead, first);
            say(thenText, thenLead, then);
            // Raw mu-law has no header: the two join by concatenation.
            Files.write(target, Files.readAllBytes(first));
            Files.write(target, Files.readAllBytes(then), java.nio.file.StandardOpenOption.APPEND);
        } finally {
            Files.deleteIfExists(first);
            Files.deleteIfExists(then);
        }
    }

    private static void run(List<String> cmd, int seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("speech", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd.get(0) + " did not finish within " + seconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + Files.readString(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
