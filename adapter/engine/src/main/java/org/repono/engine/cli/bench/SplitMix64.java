package org.repono.engine.cli.bench;

/** splitmix64 (Steele, Lea, Flood), the benchmark's random read order: the same sequence as borg's harness. */
public final class SplitMix64 {
    private long state;

    public SplitMix64(long seed) {
        state = seed;
    }

    public long next() {
        state += 0x9E3779B97F4A7C15L;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next output modulo {@code n}, the output read as unsigned (as Python's integers are). */
    public long nextBelow(long n) {
        return Long.remainderUnsigned(next(), n);
    }
}
