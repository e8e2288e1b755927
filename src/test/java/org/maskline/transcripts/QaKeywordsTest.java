package org.maskline.transcripts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class QaKeywordsTest {
    private final QaKeywords qa = new QaKeywords(List.of("refund", "cancel my order", "emergency"));

    @Test
    void wholeWordsAndPhrasesMatchWhateverTheCaseAndPunctuation() {
        assertEquals(List.of("refund", "cancel my order"), qa.find("I want a Refund! Please, cancel... my order."));
        assertEquals(List.of("emergency"), qa.find("this is an emergency"));
    }

    @Test
    void partsOfWordsDoNotMatch() {
        assertEquals(List.of(), qa.find("it was refunded; the emergencyroom; cancel your order"));
        assertEquals(List.of(), new QaKeywords(List.of()).find("refund"));
    }
}
