package org.maskline.it.menu;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.maskline.it.Sandbox;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.menu.Prompt;

/** SIPp phones that press keys, short prompt recordings, and the privacy check per dialog. */
public final class MenuPhones {
    public static final String CALLER_NAME = "Alice Realname";
    /** Where the short test recordings live inside the sandbox (a folder on the Asterisk host, as in production). */
    public static final String PROMPTS_DIR = "/tmp/maskline-test-prompts";

    private MenuPhones() {}

    /** How a key reaches Asterisk. */
    public enum Dtmf { RFC4733, SIP_INFO }

    /**
     * Records every prompt as Asterisk's short beep in {@link #PROMPTS_DIR}, so a menu test waits on
     * keys and timeouts rather than on minutes of speech, and MASKLINE_PROMPTS_DIR is exercised.
     */
    public static void installShortPrompts(Sandbox sandbox) throws IOException {
        Path dir = sandbox.root().resolve(PROMPTS_DIR.substring(1));
        Files.createDirectories(dir);
        Path beep = soundFile(sandbox, "beep");
        for (Prompt p : Prompt.values()) {
            Files.copy(beep, dir.resolve(p.fileName() + ".gsm"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A sound of Asterisk's core set, as Asterisk inside the sandbox finds it (its symlinks point inside the root). */
    public static Path soundFile(Sandbox sandbox, String sound) throws IOException {
        return inRoot(sandbox.root(), "/usr/share/asterisk/sounds/en/" + sound + ".gsm");
    }

    /** Resolves a path as the chroot sees it: absolute symlink targets are taken inside the root. */
    static Path inRoot(Path root, String path) throws IOException {
        Path p = root;
        for (String part : path.substring(1).split("/")) {
            p = p.resolve(part);
            for (int hops = 0; Files.isSymbolicLink(p) && hops < 10; hops++) {
                Path target = Files.readSymbolicLink(p);
                p = target.isAbsolute() ? root.resolve(target.toString().substring(1)) : p.getParent().resolve(target);
            }
        }
        return p;
    }

    /**
     * The person's actions after the answer: listen {@code firstPauseMs}, then press each key with
     * {@code gapMs} between them.
     */
    public static String keys(Dtmf how, long firstPauseMs, long gapMs, String... keys) {
        StringBuilder x = new StringBuilder();
        for (int i = 0; i < keys.length; i++) {
            x.append("  <pause milliseconds=\"").append(i == 0 ? firstPauseMs : gapMs).append("\"/>\n");
            x.append(switch (how) {
                case RFC4733 -> "  <nop><action><exec play_pcap_audio=\"/usr/share/sip-tester/dtmf_2833_"
                        + pcapName(keys[i]) + ".pcap\"/></action></nop>\n";
                case SIP_INFO -> info(keys[i], 10 + i);
            });
        }
        return x.toString();
    }

    private static String pcapName(String key) {
        return switch (key) {
            case "*" -> "star";
            case "#" -> "pound";
            default -> key;
        };
    }

    private static String info(String key, int cseq) {
        return """
                  <send retrans="500">
                    <![CDATA[
                      INFO [next_url] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                      [routes]
                      From: "[field2]" <sip:[field0]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                      To: <sip:[field1]@[remote_ip]:[remote_port]>[peer_tag_param]
                      Call-ID: [call_id]
                      CSeq: %d INFO
                      Contact: <sip:[field0]@[local_ip]:[local_port]>
                      Max-Forwards: 70
                      Content-Type: application/dtmf-relay
                      Content-Length: [len]

                      Signal=%s
                      Duration=160
                    ]]>
                  </send>
                  <recv response="200"/>
                """.formatted(cseq, key);
    }

    /** A caller that dials {@code dialed} from {@code from}, does {@code keys}, then talks up to {@code holdMs}. */
    public static SippPhone caller(Sandbox sandbox, String from, String dialed, String keys, long holdMs) throws Exception {
        return SippPhone.scenario("caller-menu").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", holdMs)
                .fill("KEYS", keys).call(from, dialed, CALLER_NAME)
                .arg("-mp", String.valueOf(freeUdpPort())).dial(sandbox);
    }

    /** Callee phones on the carrier side (every outbound leg, the operator's included). */
    public static SippPhone callees(Sandbox sandbox, int calls, long ringMs, long holdMs) throws Exception {
        return SippPhone.scenario("callee").fill("RING_MS", ringMs).fill("HOLD_MS", holdMs)
                .port(Sandbox.CARRIER_PORT).arg("-m", String.valueOf(calls)).listen(sandbox);
    }

    public static List<SipMessage> requests(SippPhone phone, String method) {
        return phone.received().stream().filter(m -> m.isRequest() && m.method().equals(method)).toList();
    }

    public static List<Integer> finalResponses(SippPhone phone) {
        return phone.received().stream().filter(m -> !m.isRequest() && m.method().equals("INVITE"))
                .map(SipMessage::status).filter(s -> s >= 200).toList();
    }

    /** Every message a phone received, by dialog (Call-ID), in order. */
    public static Map<String, List<SipMessage>> dialogs(SippPhone phone) {
        Map<String, List<SipMessage>> out = new LinkedHashMap<>();
        for (SipMessage m : phone.received()) {
            out.computeIfAbsent(m.header("Call-ID").orElse("?"), k -> new ArrayList<>()).add(m);
        }
        return out;
    }

    /** No message carries any of these real numbers, in any shape (the national part catches them all). */
    public static void assertShownNothingOf(List<SipMessage> messages, String... realNumbers) {
        for (SipMessage m : messages) {
            for (String n : realNumbers) {
                String national = n.replace("+", "").substring(2);
                assertFalse(m.raw().contains(national), () -> "leaked " + n + " in:\n" + m.raw());
            }
        }
    }

    /** What a called phone got: none of the caller's numbers, nor the caller's display name. */
    public static void assertCalleeShownNothingOf(List<SipMessage> messages, String... realNumbers) {
        assertShownNothingOf(messages, realNumbers);
        for (SipMessage m : messages) {
            assertFalse(m.raw().contains(CALLER_NAME), () -> "leaked the caller's display name in:\n" + m.raw());
        }
    }

    /**
     * {@code maskline_prompts_total{result=...}} of this JVM's call paths: a prompt that fell back or
     * failed means callers heard the wrong voice or silence (a missing sound, recording or codec).
     */
    public static double prompts(String result) {
        try {
            var out = new java.io.ByteArrayOutputStream();
            new io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter(false)
                    .write(out, io.prometheus.metrics.model.registry.PrometheusRegistry.defaultRegistry.scrape());
            var m = java.util.regex.Pattern.compile("(?m)^maskline_prompts_total\\{result=\"" + result + "\"\\} (\\S+)$")
                    .matcher(out.toString(java.nio.charset.StandardCharsets.UTF_8));
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails unless every prompt since {@code before} (failed + fallback counts) was played as recorded. */
    public static void assertEveryPromptPlayed(double[] before) {
        double[] now = {prompts("failed"), prompts("fallback")};
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, now, 0.0,
                "prompts that failed or fell back: Asterisk could not play them (sound, recording or codec missing)");
    }

    public static double[] promptProblems() {
        return new double[] {prompts("failed"), prompts("fallback")};
    }

    static int freeUdpPort() throws IOException {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
