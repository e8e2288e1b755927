package org.maskline.ari;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class AriExceptionTest {

    @Test
    void statusesMapToWhatACallerCanDo() {
        assertInstanceOf(AriException.NotFound.class, AriException.forStatus("op", 404, "Channel not found"));
        assertInstanceOf(AriException.NotInStasis.class, AriException.forStatus("op", 409, "Channel not in Stasis application"));
        assertInstanceOf(AriException.NotInStasis.class, AriException.forStatus("op", 422, "Channel not in a bridge"));
        assertInstanceOf(AriException.BadRequest.class, AriException.forStatus("op", 400, "missing endpoint"));
        assertInstanceOf(AriException.BadRequest.class, AriException.forStatus("op", 412, "Channel not answered"));
        assertInstanceOf(AriException.Unauthorized.class, AriException.forStatus("op", 401, ""));
        assertInstanceOf(AriException.Unauthorized.class, AriException.forStatus("op", 403, ""));
        assertInstanceOf(AriException.Unavailable.class, AriException.forStatus("op", 500, "Allocation failed"));
        assertInstanceOf(AriException.Unavailable.class, AriException.forStatus("op", 503, ""));
    }

    @Test
    void carriesStatusMessageAndOperation() {
        var e = AriException.forStatus("channels.answer", 404, "Channel not found");
        assertEquals(404, e.status());
        assertEquals("Channel not found", e.asteriskMessage());
        assertEquals("channels.answer", e.operation());
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("Channel not found"), e.getMessage());
        assertEquals(-1, new AriException.Timeout("x", "slow").status());
    }

    @Test
    void unwrapFindsTheAriExceptionInsideFutureWrappers() {
        var e = new AriException.NotFound("op", 404, "gone");
        assertSame(e, AriException.unwrap(new CompletionException(new ExecutionException(e))));
        assertSame(e, AriException.unwrap(e));
    }

    @Test
    void switchOverTheFamilyIsExhaustive() {
        // Compiles only while the family is sealed and complete; the test pins that callers can switch without default.
        AriException e = new AriException.Unavailable("op", -1, "refused", null);
        String kind = switch (e) {
            case AriException.NotFound x -> "gone";
            case AriException.NotInStasis x -> "state";
            case AriException.BadRequest x -> "bug";
            case AriException.Unauthorized x -> "auth";
            case AriException.Unavailable x -> "retry";
            case AriException.Timeout x -> "slow";
        };
        assertEquals("retry", kind);
    }
}
