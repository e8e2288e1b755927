package org.maskline.bench;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of a sample. */
final class Stats {
    private final double[] sorted;

    Stats(Collection<Double> values) {
        sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    Stats(double[] values) {
        sorted = values.clone();
        Arrays.sort(sorted);
    }

    int n() {
        return sorted.length;
    }

    /** The p-th percentile (0 < p ≤ 100) by nearest rank, or NaN for an empty sample. */
    double p(double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }
}
