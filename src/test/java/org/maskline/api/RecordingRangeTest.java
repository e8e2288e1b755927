package org.maskline.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The Range header of GET /v1/calls/{id}/recording (RFC 9110, one byte range). */
class RecordingRangeTest {
    @Test
    void theThreeFormsOfOneRange() {
        assertArrayEquals(new long[] {0, 43}, RecordingsApi.range("bytes=0-43", 1000));
        assertArrayEquals(new long[] {900, 999}, RecordingsApi.range("bytes=900-", 1000));
        assertArrayEquals(new long[] {990, 999}, RecordingsApi.range("bytes=-10", 1000));
        assertArrayEquals(new long[] {0, 999}, RecordingsApi.range("bytes=-5000", 1000));
        assertArrayEquals(new long[] {500, 999}, RecordingsApi.range("bytes=500-99999", 1000), "an end past the file is the end");
    }

    @Test
    void anythingElseIs416() {
        for (String bad : new String[] {"bytes=1000-", "bytes=5-4", "bytes=-", "bytes=0-1,5-6", "lines=0-4", "bytes=99999999999999999999-"}) {
            ApiException e = assertThrows(ApiException.class, () -> RecordingsApi.range(bad, 1000), bad);
            assertEquals(416, e.status());
            assertEquals("range_not_satisfiable", e.code());
        }
    }
}
