package org.maskline.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the Prometheus alert rules (packaging/prometheus/maskline-alerts.yml) name only metrics
 * Maskline registers, so no alert silently watches a series that never exists; and every rule has
 * an expression, a severity and a summary. (No Prometheus runs here to evaluate them.)
 */
class AlertRulesTest {
    private static final Path RULES = Path.of(System.getProperty("maskline.projectDir", ""))
            .toAbsolutePath().resolve("packaging/prometheus/maskline-alerts.yml");

    @Test
    void everyMetricARuleNamesIsOneMasklineRegisters() throws Exception {
        // Loading the metric holders registers their metrics, as a running server does.
        for (String holder : List.of("org.maskline.calls.CallMetrics", "org.maskline.ari.AriMetrics",
                "org.maskline.api.ApiMetrics", "org.maskline.webhooks.WebhookMetrics")) {
            Class.forName(holder, true, AlertRulesTest.class.getClassLoader());
        }
        Set<String> registered = new TreeSet<>();
        for (MetricSnapshot s : PrometheusRegistry.defaultRegistry.scrape()) {
            String name = s.getMetadata().getPrometheusName();
            registered.add(s instanceof CounterSnapshot ? name + "_total" : name);
        }
        String rules = Files.readString(RULES);
        Matcher m = Pattern.compile("\\bmaskline_[a-z_]+\\b").matcher(rules);
        Set<String> named = new TreeSet<>();
        while (m.find()) named.add(m.group());
        assertTrue(named.size() >= 6, "the rules name Maskline's metrics: " + named);
        List<String> unknown = new ArrayList<>();
        for (String n : named) {
            if (!registered.contains(n)) unknown.add(n);
        }
        assertEquals(List.of(), unknown, "rules name metrics Maskline does not register; registered: " + registered);
    }

    @Test
    void everyRuleHasAnExpressionASeverityAndASummary() throws Exception {
        String[] rules = Files.readString(RULES).split("\\n\\s*- alert: ");
        assertTrue(rules.length > 6, "rules found: " + (rules.length - 1));
        for (int i = 1; i < rules.length; i++) {
            String rule = rules[i];
            String name = rule.lines().findFirst().orElse("?");
            assertTrue(rule.contains("\n        expr: "), name + " has no expr");
            assertTrue(rule.matches("(?s).*severity: (critical|warning).*"), name + " has no severity");
            assertTrue(rule.contains("summary: "), name + " has no summary");
        }
    }
}
