package org.maskline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.maskline.sessions.Session;

/** The store contract on embedded H2, plus the file database that is the default. */
class H2StoreTest extends StoreContract {
    @Override
    protected StoreSettings freshDatabase() {
        return h2Memory();
    }

    static StoreSettings h2Memory() {
        return new StoreSettings("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 10, Duration.ofDays(90));
    }

    @Test
    void aFileDatabaseKeepsSessionsAcrossRestarts(@TempDir Path dir) {
        var settings = new StoreSettings("jdbc:h2:file:" + dir.resolve("maskline"), "", "", 4, Duration.ofDays(90));
        String id;
        try (Store file = Store.open(settings, clock)) {
            file.numbers().add(pool(0));
            Session s = file.sessions().create(between(real(1), real(2), Duration.ofHours(1)));
            id = s.id();
        }
        try (Store again = Store.open(settings, clock)) {
            assertEquals(id, again.sessions().find(id).orElseThrow().id());
            assertTrue(again.routes().findRoute(real(1), pool(0)).isPresent());
        }
    }
}
