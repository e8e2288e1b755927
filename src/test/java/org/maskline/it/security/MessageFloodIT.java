package org.maskline.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SippPhone;
import org.maskline.sessions.Session;

/**
 * Issue 10, attack 2: SIP MESSAGE floods. Strangers' MESSAGEs get 401 and never reach Asterisk's
 * message core. Since issue 13 the carrier's are taken (202) for Maskline's message relay, as ARI
 * events with no channel and no dialplan: none becomes a channel, the sender's rate limit lets
 * {@code MASKLINE_SMS_PER_MINUTE} through and rejects (and logs) the rest. Afterwards Asterisk's
 * queues are empty and a call still connects.
 */
@ExtendWith(SandboxExtension.class)
class MessageFloodIT {
    private static final int MESSAGES = 10_000;
    private static final int RATE_PER_SECOND = 2_500;
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static Attack attack;

    @BeforeAll
    static void up() throws Exception {
        attack = Attack.start(Map.of());
    }

    @AfterAll
    static void down() {
        if (attack != null) attack.close();
    }

    /**
     * SIPp sending {@link #MESSAGES} MESSAGEs from {@code ip}, each of which must get {@code expect}
     * (anything else fails SIPp's call, and its exit code). No message trace: it would slow the flood.
     */
    private static Process flood(Sandbox sandbox, String ip, String fromUser, String toUser, int expect) throws Exception {
        String inside = "/tmp/maskline-sipp/flood-" + UUID.randomUUID().toString().substring(0, 8);
        Path host = sandbox.root().resolve(inside.substring(1));
        Files.createDirectories(host);
        Files.writeString(host.resolve("scenario.xml"), Files.readString(sandbox.projectDir().resolve("scripts/sipp/message-flood.xml"))
                .replace("@FROM_USER@", fromUser).replace("@TO_USER@", toUser).replace("@EXPECT@", String.valueOf(expect)));
        List<String> args = new ArrayList<>(List.of("127.0.0.1:5060", "-sf", inside + "/scenario.xml", "-i", ip,
                "-p", String.valueOf(freeUdpPort()), "-m", String.valueOf(MESSAGES), "-r", String.valueOf(RATE_PER_SECOND),
                "-rp", "1000", "-l", "2000", "-nostdin", "-trace_err", "-error_file", inside + "/errors.log"));
        return new ProcessBuilder(sandbox.sippCommand(args)).redirectErrorStream(true)
                .redirectOutput(host.resolve("sipp.out").toFile()).start();
    }

    private static int freeUdpPort() throws Exception {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int awaitExit(Process p) throws InterruptedException {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the flood did not end within 60 s");
        }
        return p.exitValue();
    }

    /** One taskprocessor line of {@code core show taskprocessors}: name, processed, in queue. */
    private record Queue(String name, long processed, long inQueue) {}

    private static List<Queue> queues(Sandbox sandbox) {
        List<Queue> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+\\d+").matcher(sandbox.cli("core show taskprocessors"));
        while (m.find()) out.add(new Queue(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
        if (out.stream().noneMatch(q -> q.name().equals("ast_msg_queue"))) {
            throw new AssertionError("no ast_msg_queue in core show taskprocessors");
        }
        return out;
    }

    private static long msgQueueProcessed(Sandbox sandbox) {
        return queues(sandbox).stream().filter(q -> q.name().equals("ast_msg_queue")).findFirst().orElseThrow().processed();
    }

    /** Waits until no taskprocessor holds work; returns the ones still busy at the deadline. */
    private static List<Queue> awaitQueuesEmpty(Sandbox sandbox) throws InterruptedException {
        long end = System.nanoTime() + DRAIN.toNanos();
        List<Queue> busy;
        do {
            busy = queues(sandbox).stream().filter(q -> q.inQueue() > 0).toList();
            if (busy.isEmpty()) return busy;
            Thread.sleep(50); // polling Asterisk's CLI with a deadline: nothing announces an empty queue
        } while (System.nanoTime() < end);
        return busy;
    }

    /** Every message-log row of {@code sender}, once all {@link #MESSAGES} are written (the relay writes them as it goes). */
    private static List<org.maskline.store.MessageRecord> awaitMessageRows(String sender) throws InterruptedException {
        long end = System.nanoTime() + DRAIN.toNanos();
        List<org.maskline.store.MessageRecord> rows;
        do {
            rows = new ArrayList<>();
            var q = org.maskline.store.MessageRepository.Query.all();
            java.util.Optional<org.maskline.store.PageKey> after = java.util.Optional.empty();
            do {
                var page = attack.maskline.store().messages().page(q, 1000, after);
                page.items().stream().filter(r -> r.from().equals(sender)).forEach(rows::add);
                after = page.next();
            } while (after.isPresent());
            if (rows.size() >= MESSAGES) return rows;
            Thread.sleep(50); // polling the store with a deadline: the relay writes rows as it goes
        } while (System.nanoTime() < end);
        return rows;
    }

    @Test
    void tenThousandMessagesFromStrangersAndFromTheCarrierLeaveQueuesEmptyAndCallsWorking(Sandbox sandbox) throws Exception {
        String rider = Attack.freshNumber();
        String driver = Attack.freshNumber();
        Session s = attack.openSession(rider, driver);
        long processedBefore = msgQueueProcessed(sandbox);
        long callsBefore = Attack.callsProcessed(sandbox);

        Process strangers = flood(sandbox, Attack.STRANGER, "trunk", Attack.POOL_A, 401);
        assertEquals(0, awaitExit(strangers), "a stranger's MESSAGE got something other than 401 (see the flood's errors.log)");
        assertEquals(List.of(), awaitQueuesEmpty(sandbox), "Asterisk's queues after the strangers' flood");
        assertEquals(processedBefore, msgQueueProcessed(sandbox), "a stranger's MESSAGE went into Asterisk's message queue");

        Process carrier = flood(sandbox, Attack.CARRIER, rider, Attack.proxyOf(s, rider), 202);
        assertEquals(0, awaitExit(carrier), "a carrier MESSAGE got something other than 202 (see the flood's errors.log)");
        assertEquals(List.of(), awaitQueuesEmpty(sandbox), "Asterisk's queues after the carrier's flood");
        assertEquals(callsBefore, Attack.callsProcessed(sandbox), "a MESSAGE became a channel");
        var rows = awaitMessageRows(rider);
        assertEquals(MESSAGES, rows.size(), "every MESSAGE taken is in the message log");
        assertEquals(30, rows.stream().filter(r -> r.status() == org.maskline.store.MessageStatus.SENT).count(),
                "MASKLINE_SMS_PER_MINUTE (30) relayed");
        assertEquals(MESSAGES - 30, rows.stream().filter(r -> "rate_limited".equals(r.reason())).count());

        try (SippPhone callee = Attack.callees(sandbox, 1);
             SippPhone caller = Attack.caller(sandbox, Attack.CARRIER, rider, Attack.proxyOf(s, rider))) {
            assertEquals(0, caller.awaitExit(Attack.DEADLINE), caller.transcript());
            assertEquals(List.of(200), Attack.finalResponses(caller), caller.transcript());
            assertEquals(0, callee.awaitExit(Attack.DEADLINE), callee.transcript());
        }
    }
}
