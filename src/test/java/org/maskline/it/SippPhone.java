package org.maskline.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A SIPp phone (or a SIPp serving many phones) running inside the sandbox. The scenario is a
 * template from {@code scripts/sipp/}, its {@code @NAME@} values filled in here, and every message
 * the phone sends or receives is recorded so that a test can assert on what the phone was shown.
 */
public final class SippPhone implements AutoCloseable {
    private final Sandbox sandbox;
    private final String label;
    private final Path dirOnHost;
    private final Process process;

    private SippPhone(Sandbox sandbox, String label, Path dirOnHost, Process process) {
        this.sandbox = sandbox;
        this.label = label;
        this.dirOnHost = dirOnHost;
        this.process = process;
    }

    /** Starts a builder for the scenario {@code scripts/sipp/NAME.xml}. */
    public static Builder scenario(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String scenario;
        private final Map<String, String> template = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private int port;
        private final String target = "127.0.0.1:5060";
        private String localIp = "127.0.0.1";
        private final List<String> calls = new ArrayList<>();

        private Builder(String scenario) {
            this.scenario = scenario;
        }

        /** Fills {@code @NAME@} in the scenario. */
        public Builder fill(String name, Object value) {
            template.put(name, String.valueOf(value));
            return this;
        }

        /** One call to place: the caller's number, the number dialed, and the caller's display name. */
        public Builder call(String caller, String dialed, String displayName) {
            calls.add(caller + ";" + dialed + ";" + displayName);
            return this;
        }

        /** The phone's own address (the sandbox routes calls from 127.0.0.2 to the FastAGI path). */
        public Builder localIp(String ip) {
            this.localIp = ip;
            return this;
        }

        /** The phone's local UDP port; a free one when not set. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** {@code count} identical calls. */
        public Builder calls(int count, String caller, String dialed, String displayName) {
            for (int i = 0; i < count; i++) call(caller, dialed, displayName);
            return this;
        }

        /** Calls per second (SIPp's default is 10). */
        public Builder rate(int perSecond) {
            args.addAll(List.of("-r", String.valueOf(perSecond)));
            return this;
        }

        public Builder arg(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        /** A phone that receives calls (UAS): listens on {@code port} and waits until it is bound. */
        public SippPhone listen(Sandbox sandbox) throws IOException, InterruptedException {
            SippPhone p = start(sandbox, false);
            p.awaitBound(port, Duration.ofSeconds(10));
            return p;
        }

        /** A phone that places calls (UAC) towards Asterisk. */
        public SippPhone dial(Sandbox sandbox) throws IOException {
            return start(sandbox, true);
        }

        private SippPhone start(Sandbox sandbox, boolean uac) throws IOException {
            String run = scenario + "-" + UUID.randomUUID().toString().substring(0, 8);
            String inside = "/tmp/maskline-sipp/" + run;
            Path host = sandbox.root().resolve(inside.substring(1));
            Files.createDirectories(host);
            String xml = Files.readString(sandbox.projectDir().resolve("scripts/sipp/" + scenario + ".xml"));
            for (var e : template.entrySet()) {
                xml = xml.replace("@" + e.getKey() + "@", e.getValue());
            }
            if (xml.matches("(?s).*@[A-Z_]+@.*")) {
                throw new IllegalArgumentException("scenario " + scenario + " has unfilled values: " + xml.replaceAll("(?s)^.*?(@[A-Z_]+@).*$", "$1"));
            }
            Files.writeString(host.resolve("scenario.xml"), xml);
            List<String> a = new ArrayList<>();
            if (uac) a.add(target);
            a.addAll(List.of("-sf", inside + "/scenario.xml", "-i", localIp,
                    "-p", String.valueOf(port == 0 ? freeUdpPort() : port),
                    "-nostdin", "-trace_msg", "-message_file", inside + "/messages.log",
                    "-trace_err", "-error_file", inside + "/errors.log",
                    "-trace_stat", "-stf", inside + "/stats.csv"));
            if (uac) {
                if (calls.isEmpty()) throw new IllegalArgumentException("a caller needs at least one call(...)");
                Files.writeString(host.resolve("calls.csv"), "SEQUENTIAL\n" + String.join("\n", calls) + "\n");
                a.addAll(List.of("-inf", inside + "/calls.csv", "-m", String.valueOf(calls.size())));
            }
            a.addAll(args);
            Process p = new ProcessBuilder(sandbox.sippCommand(a))
                    .redirectErrorStream(true).redirectOutput(host.resolve("sipp.out").toFile()).start();
            return new SippPhone(sandbox, run, host, p);
        }
    }

    /** Waits for SIPp to end; returns its exit code (0: every call went the scenario's way). */
    public int awaitExit(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("SIPp " + label + " still running after " + deadline + "; messages:\n" + transcript());
        }
        return process.exitValue();
    }

    /** Waits until the phone has received a message matching {@code match}. */
    public SipMessage awaitReceived(java.util.function.Predicate<SipMessage> match, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            for (SipMessage m : received()) {
                if (match.test(m)) return m;
            }
            Thread.sleep(20); // polling SIPp's message file with a deadline; SIPp has no other signal
        }
        throw new AssertionError("SIPp " + label + " received no matching message within " + deadline + ":\n" + transcript());
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Every message recorded so far. */
    public List<SipMessage> messages() {
        try {
            Path f = dirOnHost.resolve("messages.log");
            return Files.exists(f) ? SipMessage.parseAll(Files.readString(f)) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<SipMessage> received() {
        return messages().stream().filter(SipMessage::received).toList();
    }

    public String transcript() {
        try {
            Path f = dirOnHost.resolve("messages.log");
            String m = Files.exists(f) ? Files.readString(f) : "(no messages)";
            Path e = dirOnHost.resolve("errors.log");
            return m + (Files.exists(e) ? "\nerrors:\n" + Files.readString(e) : "");
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * Waits until the phone holds its UDP port, read from the kernel's socket table: a SIPp that
     * listens must be bound before any call is sent its way.
     */
    void awaitBound(int port, Duration deadline) throws IOException, InterruptedException {
        String hex = String.format(":%04X ", port);
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("SIPp " + label + " exited (" + process.exitValue() + ") before binding port " + port
                        + ":\n" + Files.readString(dirOnHost.resolve("sipp.out")));
            }
            for (String line : Files.readAllLines(Path.of("/proc/net/udp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 1 && (f[1] + " ").endsWith(hex)) return;
            }
            Thread.sleep(20); // polling the kernel's table with a deadline; no event announces a bind
        }
        throw new AssertionError("SIPp " + label + " did not bind UDP port " + port + " within " + deadline);
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            // SIPp runs under chroot: end the whole process tree, not just the wrapper.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
