package org.maskline.sessions;

/**
 * Where a new session's proxy numbers come from: which pool, how the pair's earlier numbers weigh, and
 * proxies a participant asked for by number. The default is what /v1/sessions does.
 *
 * @param pool        the pool to allocate from: null for the default pool (numbers added with /v1/numbers),
 *                    else the id of a named pool (a Twilio service's sid). A session never gets a number of
 *                    another pool, and reserved numbers are never chosen automatically.
 * @param stickiness  whether the pair's previous proxies are preferred or avoided
 * @param firstProxy  the proxy the first participant must get, or null to choose one (may be reserved)
 * @param secondProxy the same for the second participant
 */
public record Allocation(String pool, Stickiness stickiness, String firstProxy, String secondProxy) {
    public static final Allocation DEFAULT = new Allocation(null, Stickiness.PREFER, null, null);

    public Allocation {
        if (stickiness == null) {
            throw new IllegalArgumentException("stickiness is required");
        }
    }

    /** Twilio's number_selection_behavior: prefer-sticky (Maskline's own default) or avoid-sticky. */
    public enum Stickiness {
        /** A returning pair gets the numbers it had before when they are free. */
        PREFER,
        /** A returning pair gets other numbers than before, unless only those are free. */
        AVOID
    }
}
