package org.maskline.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RestCallTest {

    @Test
    void idsInPathsAreEncoded() {
        assertEquals("/channels/ml-1%2F2%20x/dial", RestCall.path("/channels/", "ml-1/2 x", "/dial"));
    }

    @Test
    void queryValuesAreEncodedAndNullsLeftOut() {
        var call = RestCall.post("channels.create", "/channels/create")
                .param("endpoint", "PJSIP/+1555@trunk")
                .param("appArgs", null)
                .param("app", "maskline")
                .param("formats", "ulaw,alaw");
        assertEquals("/ari/channels/create?endpoint=PJSIP%2F%2B1555%40trunk&app=maskline&formats=ulaw%2Calaw",
                call.target("/ari"));
    }

    @Test
    void variablesBecomeAContainersBody() {
        var call = RestCall.post("x", "/x").withVariables(Map.of("CALLERID(num)", "15550000000"));
        assertEquals(Map.of("variables", Map.of("CALLERID(num)", "15550000000")), call.body());
        assertEquals(null, RestCall.post("x", "/x").withVariables(Map.of()).body());
    }

    @Test
    void utf8IsPercentEncodedPerByte() {
        assertEquals("J%C3%BCrgen", RestCall.encode("Jürgen"));
    }
}
