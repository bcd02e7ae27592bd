package dev.inferd.api.http.fuzz;

import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One case of a fuzz test: its input is drawn from the {@link #random()} of its seed, so the seed
 * is the case, shown in its name; a failure reruns alone with {@code -Dinferd.fuzz.case=SEED}.
 * The seeds come from a fixed base, so every build runs the same cases; {@code -Dinferd.fuzz.seed=N}
 * picks another set and {@code -Dinferd.fuzz.tries=N} another count (10000 overnight, 20 for a
 * smoke run). One seed in {@link #EDGE_CASE_SHARE} is an edge case, whose every draw is the least
 * or the greatest it could be: first and last choices, empty and longest lists, 0 and extremes.
 */
record FuzzCase(long seed) {
    static final String TRIES = "inferd.fuzz.tries";
    static final String SEED = "inferd.fuzz.seed";
    static final String CASE = "inferd.fuzz.case";
    private static final long DEFAULT_SEED = 19;
    private static final int EDGE_CASE_SHARE = 6;

    /** {@code tries} cases (unless {@link #TRIES} says otherwise), or only the one {@link #CASE} names. */
    static Stream<FuzzCase> all(int tries) {
        String only = property(CASE, "");
        if (!only.isEmpty()) {
            return Stream.of(new FuzzCase(Long.parseLong(only)));
        }
        Random seeds = new Random(Long.parseLong(property(SEED, String.valueOf(DEFAULT_SEED))));
        return Stream.generate(() -> new FuzzCase(seeds.nextLong()))
                .limit(Integer.parseInt(property(TRIES, String.valueOf(tries))));
    }

    private static String property(String name, String otherwise) {
        String value = System.getProperty(name, "").trim();
        return value.isEmpty() ? otherwise : value;
    }

    boolean edgeCase() {
        return Math.floorMod(seed, EDGE_CASE_SHARE) == 0;
    }

    /** A new source of this case's draws; every call starts it over. */
    Random random() {
        return edgeCase() ? new EdgeCaseRandom(seed) : new Random(seed);
    }

    /** Runs {@code test}; its failure says how to rerun this case alone. */
    <T> T rerunnable(Supplier<T> test) {
        try {
            return test.get();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n  rerun this case alone: -D" + CASE + "=" + seed, e);
        }
    }

    @Override
    public String toString() {
        return "seed " + seed + (edgeCase() ? " (edge case)" : "");
    }

    /** Draws that are each the least or the greatest possible, which of the two decided by the seed. */
    private static final class EdgeCaseRandom extends Random {
        private final Random least;

        EdgeCaseRandom(long seed) {
            this.least = new Random(seed);
        }

        @Override
        protected int next(int bits) {
            return least.nextBoolean() ? 0 : (int) ((1L << bits) - 1);
        }

        @Override
        public int nextInt(int bound) {
            return least.nextBoolean() ? 0 : bound - 1;
        }
    }
}
