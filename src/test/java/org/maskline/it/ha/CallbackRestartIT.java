package org.maskline.it.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.maskline.it.menu.MenuPhones.assertCalleeShownNothingOf;
import static org.maskline.it.menu.MenuPhones.assertShownNothingOf;
import static org.maskline.it.menu.MenuPhones.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.it.CallFixture;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SipMessage;
import org.maskline.it.SippPhone;
import org.maskline.it.menu.MenuPhones;

/**
 * A callback survives a restart: Maskline as its own process takes the request in the menu, is
 * stopped, and the next process (same database) places it when the driver comes back on shift.
 * Everything goes through the REST API and real phones, as an operator would see it.
 */
@ExtendWith(SandboxExtension.class)
class CallbackRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void aPendingCallbackIsPlacedByTheNextProcess(Sandbox sandbox) throws Exception {
        MenuPhones.installShortPrompts(sandbox);
        Path dir = Files.createTempDirectory("maskline-callback-restart");
        Map<String, String> env = Instance.env("jdbc:h2:file:" + dir.resolve("data/maskline"), 18540, Sandbox.ARI_APP);
        env.put("MASKLINE_PROMPTS_DIR", MenuPhones.PROMPTS_DIR);
        env.put("MASKLINE_MENU_KEY_TIMEOUT_SECONDS", "2");
        env.put("MASKLINE_CALLBACK_RETRY_SECONDS", "1");
        env.put("MASKLINE_RING_TIMEOUT_SECONDS", "5");
        String rider = CallFixture.freshNumber();
        String driver = CallFixture.freshNumber();
        String id;
        String sessionId;
        String riderProxy;
        String driverProxy;
        try (Instance first = Instance.start("first", dir, env).awaitRole("active", DEADLINE)) {
            assertEquals(201, first.post("/v1/numbers", "{\"number\":\"+15550170\"}").statusCode());
            assertEquals(201, first.post("/v1/numbers", "{\"number\":\"+15550171\"}").statusCode());
            var created = first.post("/v1/sessions", "{\"participants\":[{\"number\":\"" + rider + "\"},{\"number\":\""
                    + driver + "\"}],\"ttlSeconds\":3600}");
            assertEquals(201, created.statusCode(), created.body());
            JsonNode s = JSON.readTree(created.body());
            sessionId = s.get("id").asText();
            riderProxy = s.get("participants").get(0).get("proxyNumber").asText();
            driverProxy = s.get("participants").get(1).get("proxyNumber").asText();
            var off = first.send("PUT", "/v1/participants/" + driver + "/availability", "{\"available\":false}");
            assertEquals(200, off.statusCode(), off.body());

            try (SippPhone caller = MenuPhones.caller(sandbox, rider, riderProxy,
                    MenuPhones.keys(MenuPhones.Dtmf.RFC4733, 700, 0, "1"), 20_000)) {
                assertEquals(0, caller.awaitExit(DEADLINE), caller.transcript());
                assertShownNothingOf(caller.received(), driver);
            }
            JsonNode pending = JSON.readTree(first.get("/v1/callbacks?status=pending").body()).get("callbacks");
            assertEquals(1, pending.size(), pending.toString());
            id = pending.get(0).get("id").asText();
            assertEquals(rider, pending.get(0).get("requester").asText());
            assertEquals(0, first.terminate(DEADLINE), "SIGTERM exits 0");
        }

        try (Instance second = Instance.start("second", dir, env).awaitRole("active", DEADLINE);
             SippPhone phones = MenuPhones.callees(sandbox, 2, 200, 2_000)) {
            assertEquals("pending", JSON.readTree(second.get("/v1/callbacks/" + id).body()).get("status").asText(),
                    "the request survived the restart");
            assertEquals(200, second.send("PUT", "/v1/participants/" + driver + "/availability", "{\"available\":true}").statusCode());
            assertEquals(0, phones.awaitExit(DEADLINE), phones.transcript());

            List<SipMessage> invites = requests(phones, "INVITE").stream()
                    .filter(m -> m.header("To").map(t -> !t.contains("tag=")).orElse(true)).toList();
            assertEquals(List.of(rider, driver), invites.stream().map(SipMessage::requestUser).toList());
            assertEquals(riderProxy, invites.get(0).headerUser("From").orElseThrow());
            assertEquals(driverProxy, invites.get(1).headerUser("From").orElseThrow());
            var dialogs = MenuPhones.dialogs(phones);
            assertShownNothingOf(dialogs.get(invites.get(0).header("Call-ID").orElseThrow()), driver);
            assertCalleeShownNothingOf(dialogs.get(invites.get(1).header("Call-ID").orElseThrow()), rider);

            Instance.await(DEADLINE, "callback " + id + " completed", () -> status(second, id).equals("completed"));
            Instance.await(DEADLINE, "the callback's call completed in the session's call log",
                    () -> placedCall(second, sessionId, id));
            assertEquals(0, second.terminate(DEADLINE));
        }
    }

    private static boolean placedCall(Instance m, String sessionId, String id) {
        try {
            for (JsonNode c : JSON.readTree(m.get("/v1/sessions/" + sessionId + "/calls").body()).get("calls")) {
                if (id.equals(c.get("callbackId").asText(null)) && c.get("menuChoice").isNull()
                        && "completed".equals(c.get("outcome").asText(null))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static String status(Instance m, String id) {
        try {
            return JSON.readTree(m.get("/v1/callbacks/" + id).body()).get("status").asText();
        } catch (Exception e) {
            return "";
        }
    }
}
