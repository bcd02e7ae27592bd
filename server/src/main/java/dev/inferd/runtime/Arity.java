package dev.inferd.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How many arguments a main function accepts: one or more disjoint ranges, so that a Python function
 * with optional parameters, a Java varargs method and Java overloads of different lengths all fit.
 */
public record Arity(List<Range> ranges) {

    /** Accepted argument counts {@code min..max}, inclusive; {@code max} is {@link Integer#MAX_VALUE} for varargs. */
    public record Range(int min, int max) {
        public Range {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("bad arity range " + min + ".." + max);
            }
        }

        boolean overlaps(Range other) {
            return min <= other.max && other.min <= max;
        }
    }

    public Arity {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(Range::min));
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("an arity needs at least one range");
        }
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i - 1).overlaps(sorted.get(i))) {
                throw new IllegalArgumentException("arity ranges overlap: " + sorted);
            }
        }
        ranges = List.copyOf(sorted);
    }

    public static Arity exactly(int count) {
        return new Arity(List.of(new Range(count, count)));
    }

    public static Arity between(int min, int max) {
        return new Arity(List.of(new Range(min, max)));
    }

    public static Arity atLeast(int min) {
        return new Arity(List.of(new Range(min, Integer.MAX_VALUE)));
    }

    public boolean accepts(int count) {
        // Indexed rather than iterated: it runs for every item of a batch, and where the JIT does not
        // inline it, an iterator per call costs more than the check.
        for (int i = 0; i < ranges.size(); i++) {
            Range range = ranges.get(i);
            if (count >= range.min && count <= range.max) {
                return true;
            }
        }
        return false;
    }

    /** True when the function takes exactly one argument and no other count. */
    public boolean takesExactlyOne() {
        return ranges.size() == 1 && ranges.get(0).min == 1 && ranges.get(0).max == 1;
    }

    /**
     * A phrase for error messages: "3 arguments", "1 to 3 arguments", "at least 2 arguments", "1 or 3
     * arguments", and "1 argument" and "at least 1 argument".
     */
    public String describe() {
        boolean one = takesExactlyOne() || ranges.equals(List.of(new Range(1, Integer.MAX_VALUE)));
        return counts() + (one ? " argument" : " arguments");
    }

    /** The accepted counts without the noun, for messages that name it already: "3", "1 to 3", "at least 2", "1 or 3". */
    public String counts() {
        List<String> parts = new ArrayList<>();
        for (Range range : ranges) {
            if (range.min == range.max) {
                parts.add(Integer.toString(range.min));
            } else if (range.max == Integer.MAX_VALUE) {
                parts.add("at least " + range.min);
            } else {
                parts.add(range.min + " to " + range.max);
            }
        }
        return String.join(" or ", parts);
    }
}
