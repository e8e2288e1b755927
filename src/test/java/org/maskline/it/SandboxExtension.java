package org.maskline.it;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each integration test the running sandbox and a clean Asterisk: no channel and no bridge
 * before the test, and none left after it (the test fails if one is).
 */
public final class SandboxExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    /** How long teardown may take after a test's last step before leftovers count as leaks. */
    static final Duration SETTLE = Duration.ofSeconds(5);

    @Override
    public void beforeEach(ExtensionContext context) {
        Sandbox.get();
        try (AriProbe probe = new AriProbe()) {
            probe.clear();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try (AriProbe probe = new AriProbe()) {
            List<String> left = probe.awaitEmpty(SETTLE);
            if (!left.isEmpty()) {
                probe.clear();
                throw new AssertionError("the test left these in Asterisk: " + left);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return Sandbox.get();
    }
}
