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
}
