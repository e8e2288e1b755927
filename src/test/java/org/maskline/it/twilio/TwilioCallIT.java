package org.maskline.it.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twilio.exception.ApiException;
import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.proxy.v1.Service;
import com.twilio.rest.proxy.v1.service.PhoneNumber;
import com.twilio.rest.proxy.v1.service.Session;
import com.twilio.rest.proxy.v1.service.SessionReader;
import com.twilio.rest.proxy.v1.service.session.Interaction;
import com.twilio.rest.proxy.v1.service.session.Participant;
import com.twilio.rest.proxy.v1.service.session.participant.MessageInteraction;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.Server;
import org.maskline.config.Config;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;

/**
 * The whole Twilio Proxy flow, driven by Twilio's own Java SDK against a whole Maskline ({@link Server}) on
 * the real Asterisk sandbox: a service and its numbers, a session of two participants, their proxy
 * identifiers, a real SIPp call from one to the other through Asterisk, the interaction with its statuses,
 * two pages of sessions, and the session closed (after which the same call is refused by Asterisk).
 */
@ExtendWith(SandboxExtension.class)
class TwilioCallIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String ADDR = "127.0.0.1:18717";
    private static final String KEY = "twilio-call-it-key-0123456789";
    private static final String ACCOUNT = "AC" + UUID.randomUUID().toString().replace("-", "");

    /** The few lines a Twilio Proxy user adds (docs/twilio-migration.md): Twilio's URLs, sent to Maskline. */
    static final class ToMaskline extends HttpClient {
        private final NetworkHttpClient http = new NetworkHttpClient();

        @Override
        public Response makeRequest(Request in) {
            Request out = new Request(in.getMethod(), in.getUrl().replace("https://proxy.twilio.com", "http://" + ADDR + "/twilio"));
            in.getQueryParams().forEach((k, vs) -> vs.forEach(v -> out.addQueryParam(k, v)));
            in.getPostParams().forEach((k, vs) -> vs.forEach(v -> out.addPostParam(k, v)));
            out.setAuth(in.getUsername(), in.getPassword());
            return http.makeRequest(out);
        }
    }

    @Test
    void aWholeProxyFlowThroughTheSdkWithARealCall(Sandbox sandbox) throws Exception {
        Config config = Config.load(Map.of(
                "MASKLINE_API_KEYS", KEY,
                "MASKLINE_HTTP_ADDR", ADDR,
                "MASKLINE_DB_URL", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "MASKLINE_ARI_URL", Sandbox.ARI_URL,
                "MASKLINE_ARI_USER", Sandbox.ARI_USER,
                "MASKLINE_ARI_PASSWORD", Sandbox.ARI_PASSWORD,
                "MASKLINE_ARI_APP", Sandbox.ARI_APP,
                "MASKLINE_RING_TIMEOUT_SECONDS", "4"), Optional.empty());
        try (Server server = Server.start(config); Backend backend = Backend.start(KEY, "/intercept")) {
            server.ari().whenConnected().get(10, TimeUnit.SECONDS);
            TwilioRestClient twilio = new TwilioRestClient.Builder(ACCOUNT, KEY).httpClient(new ToMaskline()).build();

            // A service and its numbers.
            Service service = Service.creator("rides-" + UUID.randomUUID()).create(twilio);
            PhoneNumber.creator(service.getSid()).setPhoneNumber(new com.twilio.type.PhoneNumber("+15550170")).create(twilio);
            PhoneNumber.creator(service.getSid()).setPhoneNumber(new com.twilio.type.PhoneNumber("+15550171")).create(twilio);

            // A session with two participants, and their proxy identifiers.
            String rider = CallFixture.freshNumber();
            String driver = CallFixture.freshNumber();
            Session session = Session.creator(service.getSid()).setUniqueName("trip-" + UUID.randomUUID()).setTtl(3600)
                    .setParticipants(List.of(Map.of("Identifier", rider, "FriendlyName", "rider"),
                            Map.of("Identifier", driver, "FriendlyName", "driver"))).create(twilio);
            Participant r = Participant.fetcher(service.getSid(), session.getSid(), rider).fetch(twilio);
            Participant d = Participant.fetcher(service.getSid(), session.getSid(), driver).fetch(twilio);
            assertTrue(Set.of("+15550170", "+15550171").containsAll(List.of(r.getProxyIdentifier(), d.getProxyIdentifier())),
                    "proxies come from the service's numbers (both may get the same one)");

            // The service's intercept callback blocks the first call (403): Asterisk refuses it, nobody is dialed.
            Service.updater(service.getSid()).setInterceptCallbackUrl(URI.create(backend.url("/intercept")))
                    .setCallbackUrl(URI.create(backend.url("/callback?tenant=7")))
                    .setOutOfSessionCallbackUrl(URI.create(backend.url("/out-of-session"))).update(twilio);
            try (SippPhone callee = SippPhone.scenario("callee").fill("RING_MS", 100).fill("HOLD_MS", 1_000)
                    .port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox);
                 SippPhone caller = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_000)
                         .call(rider, r.getProxyIdentifier(), "Rider Realname").dial(sandbox)) {
                assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
                assertEquals(List.of(404), finalResponses(caller), caller.transcript());
                assertTrue(callee.received().isEmpty(), "blocked: nobody was dialed:\n" + callee.transcript());
            }
            Backend.Hit blocked = backend.hits("/intercept").getFirst();
            assertTrue(blocked.signatureValid(), "the intercept callback passes Twilio's RequestValidator: " + blocked);
            assertEquals(session.getSid(), blocked.params().get("interactionSessionSid"));
            assertEquals(service.getSid(), blocked.params().get("interactionServiceSid"));
            assertEquals(ACCOUNT, blocked.params().get("interactionAccountSid"));
            assertEquals(r.getSid(), blocked.params().get("inboundParticipantSid"));
            assertEquals(d.getSid(), blocked.params().get("outboundParticipantSid"));
            assertEquals("Voice", blocked.params().get("interactionType"));

            // The rider dials their proxy identifier again, the intercept lets it through (204), and the driver's
            // phone rings with the driver's proxy as caller.
            try (SippPhone callee = SippPhone.scenario("callee").fill("RING_MS", 200).fill("HOLD_MS", 60_000)
                    .port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox);
                 SippPhone caller = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_500)
                         .call(rider, r.getProxyIdentifier(), "Rider Realname").dial(sandbox)) {
                assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
                assertEquals(0, callee.awaitExit(DEADLINE), callee.transcript());
                SipMessage invite = callee.received().stream().filter(m -> m.isRequest() && m.method().equals("INVITE"))
                        .findFirst().orElseThrow();
                assertEquals(driver, invite.requestUser());
                assertEquals(d.getProxyIdentifier(), invite.headerUser("From").orElseThrow());
                assertShownNothingOf(callee, rider, "Rider Realname");
                assertShownNothingOf(caller, driver, null);
            }
            assertEquals(2, backend.hits("/intercept").size(), "one intercept callback per call");
            assertTrue(backend.hits("/intercept").get(1).signatureValid());

            // The interaction, with the statuses of both legs, once the call log has it.
            Interaction call = awaitInteraction(twilio, service.getSid(), session.getSid());
            assertEquals(Interaction.Type.VOICE, call.getType());
            assertEquals(r.getSid(), call.getInboundParticipantSid());
            assertEquals(d.getSid(), call.getOutboundParticipantSid());
            assertEquals(Interaction.ResourceStatus.COMPLETED, call.getInboundResourceStatus());
            assertEquals(Interaction.ResourceStatus.COMPLETED, call.getOutboundResourceStatus());
            assertNotNull(call.getData(), "an answered call has its duration");
            assertEquals(Session.Status.IN_PROGRESS, Session.fetcher(service.getSid(), session.getSid()).fetch(twilio).getStatus());

            // callback_url: the interaction as it started, was answered and completed, in that order, each
            // form-encoded and signed as Twilio's RequestValidator checks (the blocked call was no interaction).
            List<Backend.Hit> states = backend.await("/callback", 3, DEADLINE);
            assertEquals(3, states.size(), states.toString());
            assertEquals(List.of("ringing", "in-progress", "completed"),
                    states.stream().map(h -> h.params().get("outboundResourceStatus")).toList());
            for (Backend.Hit h : states) {
                assertTrue(h.signatureValid(), "X-Twilio-Signature: " + h);
                assertEquals(call.getSid(), h.params().get("interactionSid"));
                assertEquals(session.getSid(), h.params().get("interactionSessionSid"));
                assertEquals(r.getSid(), h.params().get("inboundParticipantSid"));
                assertEquals(d.getSid(), h.params().get("outboundParticipantSid"));
                assertEquals(ACCOUNT, h.params().get("interactionAccountSid"));
            }

            // No SMS in this Maskline yet: a message interaction is refused in Twilio's error shape.
            ApiException sms = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                    () -> MessageInteraction.creator(service.getSid(), session.getSid(), r.getSid(), "on my way").create(twilio));
            assertEquals(400, sms.getStatusCode());

            // Two pages of sessions.
            for (int i = 0; i < 2; i++) {
                Session.creator(service.getSid()).setParticipants(List.of(Map.of("Identifier", CallFixture.freshNumber()),
                        Map.of("Identifier", CallFixture.freshNumber()))).create(twilio);
            }
            SessionReader reader = Session.reader(service.getSid()).setPageSize(2L);
            var first = reader.firstPage(twilio);
            var second = reader.nextPage(first, twilio);
            assertEquals(2, first.getRecords().size());
            assertEquals(1, second.getRecords().size());
            assertFalse(second.hasNextPage());
            assertEquals(session.getSid(), second.getRecords().getFirst().getSid(), "newest first: the first session is last");

            // Closed: the same call is refused by Asterisk and nobody is dialed.
            Session closed = Session.updater(service.getSid(), session.getSid()).setStatus(Session.Status.CLOSED).update(twilio);
            assertEquals(Session.Status.CLOSED, closed.getStatus());
            try (SippPhone callee = SippPhone.scenario("callee").fill("RING_MS", 100).fill("HOLD_MS", 1_000)
                    .port(Sandbox.CARRIER_PORT).arg("-m", "1").listen(sandbox);
                 SippPhone caller = SippPhone.scenario("caller").fill("ANSWER_TIMEOUT_MS", 15_000).fill("HOLD_MS", 1_000)
                         .call(rider, r.getProxyIdentifier(), "Rider Realname").dial(sandbox)) {
                assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
                assertEquals(List.of(404), finalResponses(caller), caller.transcript());
                assertTrue(callee.received().isEmpty(), "nobody was dialed:\n" + callee.transcript());
            }
            // out_of_session_callback_url: told of the call that found no session on the service's number.
            Backend.Hit outOfSession = backend.await("/out-of-session", 1, DEADLINE).getFirst();
            assertTrue(outOfSession.signatureValid(), outOfSession.toString());
            assertEquals(rider, outOfSession.params().get("From"));
            assertEquals(r.getProxyIdentifier(), outOfSession.params().get("To"));
            assertEquals(service.getSid(), outOfSession.params().get("interactionServiceSid"));
            assertEquals(1, backend.hits("/out-of-session").size(), "the intercepted call was not out of session");
        }
    }

    private static List<Integer> finalResponses(SippPhone caller) {
        return caller.received().stream().filter(m -> !m.isRequest() && m.method().equals("INVITE"))
                .map(SipMessage::status).filter(s -> s >= 200).toList();
    }

    private static Interaction awaitInteraction(TwilioRestClient twilio, String service, String session) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        List<Interaction> seen = new ArrayList<>();
        while (System.nanoTime() < end) {
            seen.clear();
            Interaction.reader(service, session).read(twilio).forEach(seen::add);
            if (seen.size() == 1 && seen.getFirst().getOutboundResourceStatus() == Interaction.ResourceStatus.COMPLETED) {
                return seen.getFirst();
            }
            Thread.sleep(50); // the call log is written by the call path's own thread; poll it with a deadline
        }
        throw new AssertionError("no completed interaction within " + DEADLINE + ": " + seen);
    }

    /** No message the phone received carries the other party's number (in any shape) or display name. */
    private static void assertShownNothingOf(SippPhone phone, String realNumber, String name) {
        String national = realNumber.replace("+", "").substring(2);
        for (SipMessage m : phone.received()) {
            assertFalse(m.raw().contains(national), () -> "leaked " + realNumber + " in:\n" + m.raw());
            if (name != null) {
                assertFalse(m.raw().contains(name), () -> "leaked the caller's name in:\n" + m.raw());
            }
        }
    }
}
