package org.maskline.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.config.Config;
import org.maskline.it.SandboxExtension;
import org.maskline.sessions.Session;

/**
 * Issue 10, attack 6: FastAGI always listens and tells any local client a participant's real
 * number. It is off unless MASKLINE_AGI_ADDR is set, and then a peer outside MASKLINE_AGI_ALLOW is
 * closed without a byte of answer.
 */
@ExtendWith(SandboxExtension.class)
class FastAgiIT {
    /** The port the sample dialplan's AGI() uses. */
    private static final int DOCUMENTED_PORT = 4573;
    /** The sandbox's carrier address whose calls take the FastAGI path (scripts/sandbox/asterisk/pjsip_sandbox.conf). */
    private static final String AGI_CARRIER = "127.0.0.2";

    @Test
    void isOffUnlessConfigured() throws Exception {
        try (Attack attack = Attack.start(Map.of())) {
            assertTrue(attack.maskline.store().isReachable());
            assertThrows(ConnectException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", DOCUMENTED_PORT), 2_000);
                }
            }, "something answers on the FastAGI port with MASKLINE_AGI_ADDR unset");
        }
    }

    @Test
    void answersOnlyThePeersInTheAllowList() throws Exception {
        int port = Attack.freeTcpPort();
        // MASKLINE_AGI_ALLOW unset: 127.0.0.1 only.
        try (Attack attack = Attack.start(Map.of(Config.AGI_ADDR, "127.0.0.1:" + port))) {
            String rider = Attack.freshNumber();
            String driver = Attack.freshNumber();
            Session s = attack.openSession(rider, driver);

            String stranger = ask(Attack.STRANGER, port, rider, Attack.proxyOf(s, rider));
            assertEquals("", stranger, "a peer outside the allow list got an answer");

            // The control: the allowed peer asks the same and is told the route, real number and all.
            String allowed = ask("127.0.0.1", port, rider, Attack.proxyOf(s, rider));
            assertTrue(allowed.contains("MASKLINE_DIAL") && allowed.contains(driver.substring(1)), allowed);
        }
    }

    /** Through Asterisk: when Asterisk's address is not allowed, its AGI() gets nothing and nobody is dialed. */
    @Test
    void anAsteriskOutsideTheAllowListLearnsNothingAndDialsNobody(org.maskline.it.Sandbox sandbox) throws Exception {
        try (Attack attack = Attack.start(Map.of(Config.AGI_ADDR, "127.0.0.1:" + DOCUMENTED_PORT, Config.AGI_ALLOW, "127.0.0.9"))) {
            String rider = Attack.freshNumber();
            String driver = Attack.freshNumber();
            Session s = attack.openSession(rider, driver);
            try (org.maskline.it.SippPhone callee = Attack.callees(sandbox, 1);
                 org.maskline.it.SippPhone caller = Attack.caller(sandbox, AGI_CARRIER, rider, Attack.proxyOf(s, rider))) {
                assertEquals(0, caller.awaitExit(Attack.DEADLINE), caller.transcript());
                java.util.List<Integer> finals = Attack.finalResponses(caller);
                assertTrue(finals.size() == 1 && finals.get(0) >= 400, () -> "the caller got " + finals + ":\n" + caller.transcript());
                assertTrue(callee.received().isEmpty(), () -> "the callee was dialed:\n" + callee.transcript());
            }
        }
    }

    /**
     * Connects from {@code localIp}, sends an AGI request for /route, and returns every byte the
     * server sent until it closed the connection (answering each command with success).
     */
    private static String ask(String localIp, int port, String caller, String dialed) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            String request = "agi_network: yes\nagi_network_script: route\nagi_request: agi://127.0.0.1:" + port + "/route\n"
                    + "agi_channel: PJSIP/trunk-00000001\nagi_language: en\nagi_type: PJSIP\nagi_uniqueid: 1.1\n"
                    + "agi_version: 22\nagi_callerid: " + caller + "\nagi_calleridname: Caller\nagi_callingpres: 0\n"
                    + "agi_callingani2: 0\nagi_callington: 0\nagi_callingtns: 0\nagi_dnid: " + dialed + "\nagi_rdnis: unknown\n"
                    + "agi_context: maskline-agi\nagi_extension: " + dialed + "\nagi_priority: 1\nagi_enhanced: 0.0\n"
                    + "agi_accountcode: \nagi_threadid: 1\n\n";
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            } catch (IOException closedAlready) {
                // a refused peer may find the connection closed before it has written everything
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            try {
                int c;
                while ((c = in.read()) != -1) {
                    got.write(c);
                    if (c == '\n') {
                        // Asterisk's side of the protocol: every command succeeds.
                        s.getOutputStream().write("200 result=1\n".getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                        line.setLength(0);
                    }
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the FastAGI server neither answered nor closed within 10 s; got: " + got);
            } catch (IOException reset) {
                // closed by the server: what it sent so far is the answer
            }
            return got.toString(StandardCharsets.US_ASCII);
        }
    }
}
