package org.maskline.transcripts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code MASKLINE_QA_KEYWORDS}: words or phrases whose presence in a transcript flags the call for
 * quality control. A keyword matches whole words, case and punctuation aside ("refund" matches
 * "Refund!" but not "refunded"; "cancel my order" matches across punctuation).
 */
public final class QaKeywords {
    private final List<String> keywords;

    /** @param keywords lower case, single spaces (as {@link org.maskline.config.RecordingConfig} keeps them) */
    public QaKeywords(List<String> keywords) {
        this.keywords = List.copyOf(keywords);
    }

    /** The keywords found in {@code text}, in the configured order. */
    public List<String> find(String text) {
        String words = " " + normalize(text) + " ";
        List<String> found = new ArrayList<>();
        for (String k : keywords) {
            if (words.contains(" " + normalize(k) + " ")) found.add(k);
        }
        return found;
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}']+", " ").strip();
    }
}
