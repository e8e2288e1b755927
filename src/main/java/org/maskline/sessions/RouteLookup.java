package org.maskline.sessions;

import java.util.List;
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

    /**
     * The newest session that has ended (closed or expired) with routing key (caller, dialed), while
     * its recontact window is still open: the caller may reach the menu and, through it, the other party.
     *
     * @throws StoreUnavailableException when the database cannot answer
     */
    default Optional<Route> findRecontact(String callerE164, String dialedE164) {
        return Optional.empty();
    }

    /**
     * Every route from this caller alone, seen from the caller: open sessions first, then ended ones
     * still inside their recontact window (for the one contact-centre number, which names no session).
     *
     * @throws StoreUnavailableException when the database cannot answer
     */
    default CallerRoutes findByCaller(String callerE164) {
        return new CallerRoutes(List.of(), List.of());
    }

    /**
     * Whether this participant takes calls now (not marked unavailable, or their unavailability has
     * run out). True when nothing is known.
     *
     * @throws StoreUnavailableException when the database cannot answer
     */
    default boolean isAvailable(String e164) {
        return true;
    }

    /** The routes of one caller: {@code open} through open sessions, {@code recontact} through ended ones in their window. */
    record CallerRoutes(List<Route> open, List<Route> recontact) {
        public CallerRoutes {
            open = List.copyOf(open);
            recontact = List.copyOf(recontact);
        }
    }
}
