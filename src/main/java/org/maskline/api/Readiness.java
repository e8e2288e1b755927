package org.maskline.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Whether this instance can do its work, for {@code GET /ready}. The server passes one built from its
 * parts; a standby instance may count as ready in its own way.
 */
@FunctionalInterface
public interface Readiness {
    /** The names of what is down ("database", "ari", ...); empty when ready. */
    List<String> down();

    /** "active" (holds the ARI application) or "standby" (another instance does; this one waits). */
    default String role() {
        return "active";
    }

    /** Ready when the database answers and ARI is connected. */
    static Readiness of(BooleanSupplier database, BooleanSupplier ari) {
        return () -> {
            List<String> down = new ArrayList<>(2);
            if (!database.getAsBoolean()) {
                down.add("database");
            }
            if (!ari.getAsBoolean()) {
                down.add("ari");
            }
            return down;
        };
    }
}
