package org.maskline.sessions;

import java.util.Optional;

/** Resolves a call to its session. Implemented by the store; used by the call flow (ARI and AGI). */
public interface RouteLookup {
    /**
     * Numbers are already E.164. Empty when no OPEN, unexpired session has routing key (caller, dialed).
     *
     * @throws StoreUnavailableException when the database cannot answer; the caller must fail closed
     */
    Optional<Route> findRoute(String callerE164, String dialedE164);

    /**
     * Whether {@code e164} is one of the pool's service numbers (for what a forwarded call may show).
     * False when unknown: callers then show only numbers they know to be safe.
     *
     * @throws StoreUnavailableException when the database cannot answer
     */
    default boolean isServiceNumber(String e164) {
        return false;
    }
}
