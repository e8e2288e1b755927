package org.maskline.it.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** H2 serves one instance: a second one on the same database file refuses to start, in one line, and the first runs on. */
class SecondH2InstanceIT {
    @Test
    void aSecondInstanceOnTheSameH2FileRefusesToStartInOneLine() throws Exception {
        Path dir = Files.createTempDirectory("maskline-h2-second");
        String url = "jdbc:h2:file:" + dir.resolve("data/maskline");
        Map<String, String> env = Instance.env(url, 18530, "second-h2");
        env.put("MASKLINE_ARI_URL", "http://127.0.0.1:9/ari"); // the store is the point; no Asterisk needed
        try (Instance first = Instance.start("first", dir, env).awaitHealthy(Duration.ofSeconds(30))) {
            Map<String, String> env2 = Instance.env(url, 18531, "second-h2");
            env2.put("MASKLINE_ARI_URL", "http://127.0.0.1:9/ari");
            try (Instance second = Instance.start("second", dir, env2)) {
                assertEquals(2, second.awaitExit(Duration.ofSeconds(30)), second.output());
                List<String> refusals = second.output().lines().filter(l -> l.startsWith("maskline: ")).toList();
                assertEquals(1, refusals.size(), second.output());
                String line = refusals.get(0);
                assertTrue(line.contains("in use by another process") && line.contains("PostgreSQL"), line);
                assertFalse(second.output().contains("\tat "), "no stack trace:\n" + second.output());
            }
            assertEquals(200, first.get("/health").statusCode(), "the first instance runs on");
        }
    }
}
