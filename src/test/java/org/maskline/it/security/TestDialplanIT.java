package org.maskline.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.maskline.it.Sandbox;
import org.maskline.it.SandboxExtension;
import org.maskline.it.SippPhone;

/**
 * Issue 10, attack 8: test-only dialplan reaching production. The sandbox runs the shipped
 * configuration with only site files added; the bench's dial-anything extension lives in a
 * sandbox-only file no shipped file names, in a context the carrier does not reach.
 */
@ExtendWith(SandboxExtension.class)
class TestDialplanIT {
    private static final Pattern INCLUDE = Pattern.compile("(?m)^\\s*#(?:try)?include\\s+\"?([^\"\\s]+)\"?");
    private static Attack attack;

    @BeforeAll
    static void up() throws Exception {
        attack = Attack.start(Map.of());
    }

    @AfterAll
    static void down() {
        if (attack != null) attack.close();
    }

    private static List<Path> shipped(Sandbox sandbox) throws IOException {
        try (Stream<Path> s = Files.list(sandbox.projectDir().resolve("asterisk-conf"))) {
            return s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
    }

    @Test
    void aCarrierCallToTheBenchsPrefixIsNotDialedOut(Sandbox sandbox) throws Exception {
        String callee = Attack.freshNumber();
        try (SippPhone callees = Attack.callees(sandbox, 1);
             SippPhone caller = Attack.caller(sandbox, Attack.CARRIER, Attack.freshNumber(), "+1999" + callee.substring(1))) {
            assertEquals(0, caller.awaitExit(Attack.DEADLINE), caller.transcript());
            assertEquals(List.of(404), Attack.finalResponses(caller), caller.transcript());
            assertTrue(callees.received().isEmpty(), () -> "the bench's extension dialed out:\n" + callees.transcript());
        }
    }

    @Test
    void theShippedConfigurationIncludesOnlyShippedAndSiteFiles(Sandbox sandbox) throws IOException {
        Set<String> names = new java.util.HashSet<>();
        for (Path p : shipped(sandbox)) names.add(p.getFileName().toString());
        List<String> bad = new ArrayList<>();
        for (Path p : shipped(sandbox)) {
            Matcher m = INCLUDE.matcher(Files.readString(p));
            while (m.find()) {
                String f = m.group(1);
                if (!(names.contains(f) || f.endsWith("_site.conf"))) bad.add(p.getFileName() + " includes " + f);
            }
        }
        assertEquals(List.of(), bad, "shipped files include files that are neither shipped nor a site's own");
    }

    @Test
    void theSandboxRunsTheShippedFilesWithOnlySiteValuesAndTestIncludesAdded(Sandbox sandbox) throws IOException {
        Path etc = sandbox.root().resolve("etc/asterisk");
        Path overlay = sandbox.projectDir().resolve("scripts/sandbox/asterisk");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> s = Files.list(overlay)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> !(n.endsWith("_site.conf") || n.endsWith("_sandbox.conf")))
                    .forEach(n -> problems.add("overlay file " + n + " is neither a site file nor a test-only file"));
        }
        for (Path p : shipped(sandbox)) {
            String name = p.getFileName().toString();
            if (name.endsWith("_site.conf")) continue; // the sample site values, which the overlay replaces
            String mine = Files.readString(p);
            String theirs = Files.readString(etc.resolve(name));
            if (!theirs.startsWith(mine)) {
                problems.add(name + " is not the shipped file");
                continue;
            }
            for (String line : theirs.substring(mine.length()).split("\n")) {
                String l = line.strip();
                if (!(l.isEmpty() || l.startsWith(";") || l.matches("#include \\S+_sandbox\\.conf"))) {
                    problems.add(name + " has more than a test-only include appended: " + l);
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
