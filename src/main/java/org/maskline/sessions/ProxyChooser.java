package org.maskline.sessions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Chooses one participant's proxy number.
 *
 * <p>The only hard rule: a participant's proxy differs from the proxies of that participant's other open
 * sessions, so (participant, proxy) names one session. Each participant is chosen for independently, which
 * is why N numbers serve any participant in up to N open sessions: that participant has at most N-1 proxies
 * taken. The other participant's choice does not matter, and both may even get the same number.
 *
 * <p>Preferences, in order: the number this participant had in the pair's last session (sticky), then the
 * least loaded number. Ties are broken at random so that concurrent creations spread out instead of all
 * racing for the same number.
 */
public final class ProxyChooser {
    private ProxyChooser() {}

    /** An active pool number and its load (open routing keys that use it). */
    public record Candidate(String number, long load) {}

    /**
     * @param active  the active pool numbers
     * @param taken   proxies this participant already has in open sessions
     * @param sticky  this participant's proxy in the pair's most recent session, if any
     * @param retry   true after a lost race: then any free number is picked at random, since the best one
     *                is probably what the winner took
     * @return the chosen number, or empty when every active number is taken for this participant
     */
    public static Optional<String> choose(List<Candidate> active, Set<String> taken, Optional<String> sticky,
                                          boolean retry, RandomGenerator random) {
        return choose(active, taken, sticky, Allocation.Stickiness.PREFER, retry, random);
    }

    /**
     * As above, with the pair's previous number preferred or avoided. Avoiding only ever removes the
     * previous number while another one is free: it is a preference, never a reason to refuse.
     */
    public static Optional<String> choose(List<Candidate> active, Set<String> taken, Optional<String> sticky,
                                          Allocation.Stickiness stickiness, boolean retry, RandomGenerator random) {
        List<Candidate> free = new ArrayList<>();
        for (Candidate c : active) {
            if (!taken.contains(c.number())) {
                free.add(c);
            }
        }
        if (free.isEmpty()) {
            return Optional.empty();
        }
        if (stickiness == Allocation.Stickiness.AVOID) {
            if (sticky.isPresent() && free.size() > 1) {
                String previous = sticky.get();
                free.removeIf(c -> c.number().equals(previous));
            }
            return leastLoaded(free, retry, random);
        }
        if (sticky.isPresent() && free.stream().anyMatch(c -> c.number().equals(sticky.get()))) {
            return sticky;
        }
        return leastLoaded(free, retry, random);
    }

    private static Optional<String> leastLoaded(List<Candidate> free, boolean retry, RandomGenerator random) {
        if (retry) {
            return Optional.of(free.get(random.nextInt(free.size())).number());
        }
        long least = free.stream().mapToLong(Candidate::load).min().orElseThrow();
        List<Candidate> best = free.stream().filter(c -> c.load() == least)
                .sorted(Comparator.comparing(Candidate::number)).toList();
        return Optional.of(best.get(random.nextInt(best.size())).number());
    }
}
