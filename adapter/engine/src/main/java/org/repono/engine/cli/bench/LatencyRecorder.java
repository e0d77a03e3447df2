package org.repono.engine.cli.bench;

import java.util.Arrays;

/** Per-operation latencies in one flat array of nanoseconds; nearest-rank percentiles as WORKLOADS.md defines. */
public final class LatencyRecorder {
    private final long[] nanos;
    private int n;

    public LatencyRecorder(long capacity) {
        nanos = new long[Math.toIntExact(capacity)];
    }

    public void add(long ns) {
        nanos[n++] = ns;
    }

    /** Records at a given slot (threads recording disjoint slots need no lock). */
    public void set(int slot, long ns) {
        nanos[slot] = ns;
        n = Math.max(n, slot + 1);
    }

    public int count() {
        return n;
    }

    public long sumNanos() {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += nanos[i];
        }
        return s;
    }

    /** {@code sorted[ceil(q/100 · n) − 1]} in milliseconds; NaN when nothing was recorded. */
    public double percentileMs(double q) {
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q / 100 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, rank))] / 1e6;
    }
}
