package org.maskline.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.maskline.sessions.NewParticipant;

/** The routing webhook's answers are read strictly: whatever is not exactly an action refuses the call. */
class RouteAnswerTest {
    private static RouteAnswer parse(String json) throws Exception {
        return RouteAnswer.parse(new ObjectMapper().readTree(json));
    }

    @Test
    void theFiveActions() throws Exception {
        assertEquals(new RouteAnswer.Connect("+34600111222", "+15550100", true),
                parse("{\"action\":\"connect\",\"to\":\"+34600111222\",\"callerId\":\"+15550100\",\"record\":true}"));
        assertEquals(new RouteAnswer.Connect("+34600111222", "+15550100", false),
                parse("{\"action\":\"connect\",\"to\":\"+34600111222\",\"callerId\":\"+15550100\"}"));
        assertEquals(new RouteAnswer.Reject(), parse("{\"action\":\"reject\"}"));
        assertEquals(new RouteAnswer.Forward("+34910000000"), parse("{\"action\":\"forward\",\"to\":\"+34910000000\"}"));
        assertEquals(new RouteAnswer.Menu(), parse("{\"action\":\"menu\"}"));
        assertEquals(new RouteAnswer.OpenSession(List.of(new NewParticipant("+34600111222", "rider"),
                new NewParticipant("600333444", null)), Optional.of(600L)),
                parse("{\"action\":\"session\",\"participants\":[{\"number\":\"+34600111222\",\"label\":\"rider\"},\"600333444\"],"
                        + "\"ttlSeconds\":600}"));
    }

    @Test
    void anythingElseIsInvalid() throws Exception {
        for (String bad : List.of("[]", "\"connect\"", "{}", "{\"action\":\"dial\"}", "{\"action\":\"CONNECT\"}",
                "{\"action\":\"connect\",\"to\":\"+34600111222\"}",
                "{\"action\":\"connect\",\"to\":\"0034600111222\",\"callerId\":\"+15550100\"}",
                "{\"action\":\"connect\",\"to\":\"+34600111222\",\"callerId\":\"+15550100\",\"record\":\"yes\"}",
                "{\"action\":\"forward\"}", "{\"action\":\"forward\",\"to\":123}",
                "{\"action\":\"session\",\"participants\":[\"+34600111222\"]}",
                "{\"action\":\"session\",\"participants\":[\"+34600111222\",{\"label\":\"x\"}]}",
                "{\"action\":\"session\",\"participants\":[\"+34600111222\",\"+34600333444\"],\"ttlSeconds\":-1}",
                "{\"action\":\"session\",\"participants\":[\"+34600111222\",\"+34600333444\"],\"ttlSeconds\":\"60\"}")) {
            assertInstanceOf(RouteAnswer.Invalid.class, parse(bad), bad);
        }
    }
}
