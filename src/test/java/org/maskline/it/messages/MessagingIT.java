package org.maskline.it.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.maskline.it.messages.Texting.DEADLINE;
import static org.maskline.it.messages.Texting.assertShownNothingOf;
import static org.maskline.it.messages.Texting.carrier;
import static org.maskline.it.messages.Texting.freshNumber;
import static org.maskline.it.messages.Texting.messagesReceived;
import static org.maskline.it.messages.Texting.proxyOf;
import static org.maskline.it.messages.Texting.recipients;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.config.MessageConfig;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.sessions.Session;
import org.maskline.sessions.SessionMode;
import org.maskline.store.MessageDirection;
import org.maskline.store.MessageRecord;
import org.maskline.store.MessageStatus;

/**
 * Issue 13 through the real sandbox: the carrier's MESSAGEs (SIPp) are relayed, refused or limited,
 * and the operator sends into a session. Every test checks every message the recipients' phones got
 * for the other party's real number.
 */
@ExtendWith(SandboxExtension.class)
class MessagingIT {
    private static final int PER_MINUTE = 5;
    private static final String REPLY = "Este número no acepta mensajes ✗";
    private static Texting texting;

    @BeforeAll
    static void up() throws Exception {
        texting = Texting.start(Map.of(MessageConfig.PER_MINUTE, String.valueOf(PER_MINUTE),
                MessageConfig.UNROUTABLE_REPLY, REPLY));
    }

    @AfterAll
    static void down() throws Exception {
        if (texting != null) {
            texting.close();
            // A stopped Maskline gives the trunk's messages back to Asterisk's 404.
            Texting.awaitSubscribed(false);
        }
    }

    // ---- relayed ---------------------------------------------------------------------------------

    @Test
    void riderTextsDriverWithANonAsciiTextAndTheDriverSeesOnlyTheProxyTheyKnow(Sandbox sandbox) throws Exception {
        String rider = freshNumber();
        String driver = freshNumber();
        Session s = texting.openSession(rider, driver, SessionMode.VOICE_AND_MESSAGE);
        assertRelayed(sandbox, s, rider, driver, "Estoy en la puerta, ¿dónde estás? ✓ 🚕 Привет");
    }

    @Test
    void driverTextsBackAndTheRiderSeesTheProxyTheyKnow(Sandbox sandbox) throws Exception {
        String rider = freshNumber();
        String driver = freshNumber();
        Session s = texting.openSession(rider, driver, SessionMode.MESSAGE);
        assertRelayed(sandbox, s, driver, rider, "Llego en 2 minutos");
    }

    private void assertRelayed(Sandbox sandbox, Session s, String from, String to, String text) throws Exception {
        String fromProxy = proxyOf(s, from);
        String toProxy = proxyOf(s, to);
        try (SippPhone phones = recipients(sandbox, 1);
             SippPhone sender = carrier().call(from, fromProxy, text).dial(sandbox)) {
            assertEquals(0, sender.awaitExit(DEADLINE), "the carrier's MESSAGE got 202: " + sender.transcript());
            assertEquals(0, phones.awaitExit(DEADLINE), phones.transcript());

            SipMessage m = messagesReceived(phones).getFirst();
            assertEquals(to, m.requestUser(), "sent to the recipient's real number");
            assertEquals(toProxy, m.headerUser("From").orElseThrow(), "from the proxy the recipient knows the sender by");
            assertEquals(text, m.body(), "the text arrives unchanged");
            assertTrue(m.header("Content-Type").orElseThrow().startsWith("text/plain"), m.raw());
            assertShownNothingOf(phones, List.of(from));
        }
        MessageRecord r = texting.awaitRows(x -> x.from().equals(from), 1).getFirst();
        assertEquals(MessageStatus.SENT, r.status(), r.toString());
        assertEquals(MessageDirection.INBOUND, r.direction());
        assertEquals(s.id(), r.sessionId());
        assertEquals(to, r.to());
        assertEquals(fromProxy, r.proxyNumber());
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, r.bodyLength());
        assertNull(r.body(), "bodies are not stored by default");

        JsonNode list = Texting.json(texting.api("GET", "/v1/sessions/" + s.id() + "/messages", null));
        assertEquals(1, list.path("messages").size(), list.toString());
        JsonNode view = list.path("messages").get(0);
        assertEquals("sent", view.path("status").asText());
        assertEquals("inbound", view.path("direction").asText());
        assertFalse(view.has("body"), "no body field while bodies are not stored: " + view);
        assertTrue(list.path("nextCursor").isNull());
    }

    // ---- refused ---------------------------------------------------------------------------------

    @Test
    void anUnknownSenderIsRefusedAndGetsTheReplyFromTheNumberTheyWroteTo(Sandbox sandbox) throws Exception {
        String stranger = freshNumber();
        assertRefused(sandbox, stranger, Texting.POOL_A, "hola", "unknown_sender", List.of());
    }

    @Test
    void aClosedSessionRelaysNothing(Sandbox sandbox) throws Exception {
        String rider = freshNumber();
        String driver = freshNumber();
        Session s = texting.openSession(rider, driver, SessionMode.VOICE_AND_MESSAGE);
        texting.maskline.store().sessions().close(s.id());
        assertRefused(sandbox, rider, proxyOf(s, rider), "¿sigues ahí?", "session_closed", List.of(driver));
    }

    @Test
    void aVoiceOnlySessionRelaysNoMessage(Sandbox sandbox) throws Exception {
        String rider = freshNumber();
        String driver = freshNumber();
        Session s = texting.openSession(rider, driver, SessionMode.VOICE);
        assertRefused(sandbox, rider, proxyOf(s, rider), "text me", "mode_forbids_messages", List.of(driver));
    }

    @Test
    void aTextLargerThanAsteriskCarriesIsRefusedWholeNeverForwardedCut(Sandbox sandbox) throws Exception {
        String rider = freshNumber();
        String driver = freshNumber();
        Session s = texting.openSession(rider, driver, SessionMode.VOICE_AND_MESSAGE);
        assertRefused(sandbox, rider, proxyOf(s, rider), "ñ".repeat(600), "body_too_large", List.of(driver));
    }

    @Test
    void aTextAtAsterisksLimitArrivesWholeInBothDirections(Sandbox sandbox) throws Exception {
        String rider = freshNumber();
        String driver = freshNumber();
        Session s = texting.openSession(rider, driver, SessionMode.VOICE_AND_MESSAGE);
        // SIPp ends its body with CRLF: 1021 bytes of text are 1023 on the wire, Asterisk's most.
        String inbound = "é".repeat(510) + "x";
        assertEquals(1021, inbound.getBytes(StandardCharsets.UTF_8).length);
        assertRelayed(sandbox, s, rider, driver, inbound);
        String outbound = "ñ".repeat(511) + "z";
        assertEquals(MessageConfig.MAX_BODY_BYTES, outbound.getBytes(StandardCharsets.UTF_8).length);
        try (SippPhone phones = recipients(sandbox, 1)) {
            HttpResponse<String> r = texting.api("POST", "/v1/sessions/" + s.id() + "/messages",
                    "{\"to\":\"driver\",\"body\":" + Texting.quote(outbound) + "}");
            assertEquals(201, r.statusCode(), r.body());
            assertEquals(0, phones.awaitExit(DEADLINE), phones.transcript());
            SipMessage m = messagesReceived(phones).getFirst();
            assertEquals(outbound, m.body(), "1023 bytes from the API, unchanged");
            assertEquals("1023", m.header("Content-Length").orElseThrow().strip());
            assertShownNothingOf(phones, List.of(rider));
        }
    }

    /**
     * The MESSAGE is taken (202) but nothing reaches anyone: the only MESSAGE the phones get is the
     * configured reply, to the sender, from the number they wrote to.
     */
    private void assertRefused(Sandbox sandbox, String from, String dialed, String text, String reason,
                               List<String> others) throws Exception {
        try (SippPhone phones = recipients(sandbox, 1);
             SippPhone sender = carrier().call(from, dialed, text).dial(sandbox)) {
            assertEquals(0, sender.awaitExit(DEADLINE), sender.transcript());
            assertEquals(0, phones.awaitExit(DEADLINE), phones.transcript());
            SipMessage reply = messagesReceived(phones).getFirst();
            assertEquals(from, reply.requestUser(), "the reply goes back to the sender");
            assertEquals(dialed, reply.headerUser("From").orElseThrow(), "from the number they wrote to");
            assertEquals(REPLY, reply.body());
            assertShownNothingOf(phones, others);
        }
        MessageRecord r = texting.awaitRows(x -> x.from().equals(from), 1).getFirst();
        assertEquals(MessageStatus.REJECTED, r.status(), r.toString());
        assertEquals(reason, r.reason());
        assertNull(r.to(), "nobody was sent anything");
        assertEquals(dialed, r.proxyNumber());
        // Nothing else went out: a marker sent afterwards is the next MESSAGE the phones see.
        assertNextMessageIsAMarker(sandbox);
    }

    private void assertNextMessageIsAMarker(Sandbox sandbox) throws Exception {
        String a = freshNumber();
        String b = freshNumber();
        Session s = texting.openSession(a, b, SessionMode.MESSAGE);
        try (SippPhone phones = recipients(sandbox, 1);
             SippPhone sender = carrier().call(a, proxyOf(s, a), "marker").dial(sandbox)) {
            assertEquals(0, sender.awaitExit(DEADLINE), sender.transcript());
            assertEquals(0, phones.awaitExit(DEADLINE), phones.transcript());
            List<SipMessage> got = messagesReceived(phones);
            assertEquals("marker", got.getFirst().body(), "a refused message was forwarded after all: " + got.getFirst().raw());
            assertShownNothingOf(phones, List.of(a));
        }
    }

    @Test
    void aCallToAMessageOnlySessionIsRefusedLikeAnUnroutableOne(Sandbox sandbox) throws Exception {
        String rider = freshNumber();
        String driver = freshNumber();
        Session s = texting.openSession(rider, driver, SessionMode.MESSAGE);
        try (SippPhone caller = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 500)
                .call(rider, proxyOf(s, rider), "Rider").dial(sandbox)) {
            assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
            List<Integer> finals = caller.received().stream().filter(m -> !m.isRequest() && m.method().equals("INVITE"))
                    .map(SipMessage::status).filter(c -> c >= 200).toList();
            assertEquals(List.of(404), finals, caller.transcript());
            assertShownNothingOf(caller, List.of(driver));
        }
    }

    // ---- the rate limit -------------------------------------------------------------------------

    @Test
    void aSenderGetsAtMostTheLimitPerMinuteTheRestAreRejectedAndLogged(Sandbox sandbox) throws Exception {
        String rider = freshNumber();
        String driver = freshNumber();
        Session s = texting.openSession(rider, driver, SessionMode.VOICE_AND_MESSAGE);
        int sent = PER_MINUTE + 3;
        SippPhone.Builder b = carrier();
        for (int i = 0; i < sent; i++) b.call(rider, proxyOf(s, rider), "mensaje " + i);
        try (SippPhone phones = recipients(sandbox, PER_MINUTE); SippPhone sender = b.dial(sandbox)) {
            assertEquals(0, sender.awaitExit(DEADLINE), sender.transcript());
            assertEquals(0, phones.awaitExit(DEADLINE), phones.transcript());
            List<String> bodies = messagesReceived(phones).stream().map(SipMessage::body).toList();
            assertEquals(List.of("mensaje 0", "mensaje 1", "mensaje 2", "mensaje 3", "mensaje 4"), bodies,
                    "the first " + PER_MINUTE + ", in order");
            assertShownNothingOf(phones, List.of(rider));
        }
        List<MessageRecord> rows = texting.awaitRows(x -> x.from().equals(rider), sent);
        assertEquals(PER_MINUTE, rows.stream().filter(r -> r.status() == MessageStatus.SENT).count(), rows.toString());
        assertEquals(sent - PER_MINUTE, rows.stream().filter(r -> r.status() == MessageStatus.REJECTED
                && "rate_limited".equals(r.reason())).count(), rows.toString());
        assertNextMessageIsAMarker(sandbox);
    }

    // ---- from the operator's backend -------------------------------------------------------------

    @Test
    void theBackendSendsIntoASessionFromTheProxyTheRecipientKnows(Sandbox sandbox) throws Exception {
        String rider = freshNumber();
        String driver = freshNumber();
        Session s = texting.openSession(rider, driver, SessionMode.VOICE_AND_MESSAGE);
        String text = "Tu conductor ha llegado ✓";
        HttpResponse<String> r;
        try (SippPhone phones = recipients(sandbox, 1)) {
            r = texting.api("POST", "/v1/sessions/" + s.id() + "/messages",
                    "{\"to\":\"rider\",\"body\":" + Texting.quote(text) + "}");
            assertEquals(201, r.statusCode(), r.body());
            assertEquals(0, phones.awaitExit(DEADLINE), phones.transcript());
            SipMessage m = messagesReceived(phones).getFirst();
            assertEquals(rider, m.requestUser());
            assertEquals(proxyOf(s, rider), m.headerUser("From").orElseThrow(), "the number the rider knows the driver by");
            assertEquals(text, m.body());
            assertShownNothingOf(phones, List.of(driver));
        }
        JsonNode created = Texting.json(r);
        assertEquals("api", created.path("direction").asText());
        assertEquals("sent", created.path("status").asText());
        assertEquals(rider, created.path("to").asText());
        assertEquals(proxyOf(s, rider), created.path("proxyNumber").asText());
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, created.path("bodyLength").asInt());
        JsonNode all = Texting.json(texting.api("GET", "/v1/messages?status=sent&limit=1000", null));
        boolean listed = false;
        for (JsonNode m : all.path("messages")) listed |= m.path("id").asText().equals(created.path("id").asText());
        assertTrue(listed, "GET /v1/messages lists it: " + all);
    }

    @Test
    void theCommandLineSendsIntoASessionAndTailsTheLog(Sandbox sandbox) throws Exception {
        String rider = freshNumber();
        String driver = freshNumber();
        Session s = texting.openSession(rider, driver, SessionMode.MESSAGE);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        String url = "http://127.0.0.1:" + texting.apiPort;
        try (SippPhone phones = recipients(sandbox, 1)) {
            int rc = org.maskline.cli.Cli.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
                    "messages", "--url", url, "--key", texting.apiKey, "send", s.id(), "--to", driver, "Ya voy ✓");
            assertEquals(0, rc, err.toString());
            assertEquals(0, phones.awaitExit(DEADLINE), phones.transcript());
            SipMessage m = messagesReceived(phones).getFirst();
            assertEquals(driver, m.requestUser());
            assertEquals(proxyOf(s, driver), m.headerUser("From").orElseThrow());
            assertEquals("Ya voy ✓", m.body());
            assertShownNothingOf(phones, List.of(rider));
        }
        String id = Texting.JSON.readTree(out.toString()).path("id").asText(); // the CLI prints the API's JSON
        out.getBuffer().setLength(0);
        assertEquals(0, org.maskline.cli.Cli.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
                "messages", "--url", url, "--key", texting.apiKey, "tail", "--once", "--limit", "1000"), err.toString());
        assertTrue(out.toString().contains(id), "messages tail shows it: " + out);
    }

    @Test
    void theBackendGetsClearErrorsAndNothingIsSent(Sandbox sandbox) throws Exception {
        String rider = freshNumber();
        String driver = freshNumber();
        Session s = texting.openSession(rider, driver, SessionMode.VOICE_AND_MESSAGE);
        String path = "/v1/sessions/" + s.id() + "/messages";
        assertError(texting.api("POST", path, "{\"to\":\"rider\",\"body\":" + Texting.quote("x".repeat(1024)) + "}"),
                400, "invalid_request", "body");
        assertError(texting.api("POST", path, "{\"to\":\"nobody\",\"body\":\"hi\"}"), 400, "invalid_request", "to");
        assertError(texting.api("POST", path, "{\"to\":\"rider\"}"), 400, "invalid_request", "body");
        assertError(texting.api("POST", "/v1/sessions/no-such-session/messages", "{\"to\":\"rider\",\"body\":\"hi\"}"),
                404, "not_found", "no session");
        Session voice = texting.openSession(freshNumber(), freshNumber(), SessionMode.VOICE);
        assertError(texting.api("POST", "/v1/sessions/" + voice.id() + "/messages", "{\"to\":\"rider\",\"body\":\"hi\"}"),
                409, "conflict", "mode");
        texting.maskline.store().sessions().close(s.id());
        assertError(texting.api("POST", path, "{\"to\":\"rider\",\"body\":\"hi\"}"), 409, "conflict", "closed");
        assertEquals(List.of(), texting.rows(x -> x.sessionId() != null && (x.sessionId().equals(s.id())
                || x.sessionId().equals(voice.id()))), "no message was logged as sent");
        assertNextMessageIsAMarker(sandbox);
    }

    private static void assertError(HttpResponse<String> r, int status, String code, String mentions) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode e = Texting.json(r).path("error");
        assertEquals(code, e.path("code").asText(), r.body());
        assertTrue(e.path("message").asText().contains(mentions), r.body());
    }
}
