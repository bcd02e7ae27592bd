package dev.inferd.api.http.fuzz;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Makes one value from a {@link Random}, so that a case is its seed: the same seed gives the same
 * value again. The factories mix edge values (empty and longest sizes, 0, extremes) into their
 * draws, which random draws alone would almost never hit.
 */
@FunctionalInterface
interface Generator<T> {
    T next(Random random);

    default <R> Generator<R> map(Function<? super T, ? extends R> mapper) {
        return random -> mapper.apply(next(random));
    }

    /** Draws again while {@code accepted} refuses; the fuzz filters refuse a few percent at most. */
    default Generator<T> filter(Predicate<? super T> accepted) {
        return random -> {
            for (int attempt = 0; attempt < 10_000; attempt++) {
                T value = next(random);
                if (accepted.test(value)) {
                    return value;
                }
            }
            throw new IllegalStateException("the filter refused 10000 values in a row");
        };
    }

    default Generator<List<T>> list(int minSize, int maxSize) {
        return random -> {
            int size = size(random, minSize, maxSize);
            List<T> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(next(random));
            }
            return values;
        };
    }

    /** Null with {@code probability}, else a value of this generator. */
    default Generator<T> orNull(double probability) {
        return random -> random.nextDouble() < probability ? null : next(random);
    }

    static <T> Generator<T> just(T value) {
        return random -> value;
    }

    @SafeVarargs
    static <T> Generator<T> of(T... values) {
        return of(List.of(values));
    }

    static <T> Generator<T> of(List<T> values) {
        List<T> copy = List.copyOf(values);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    @SafeVarargs
    static <T> Generator<T> oneOf(Generator<? extends T>... choices) {
        return random -> choices[random.nextInt(choices.length)].next(random);
    }

    record Weighted<T>(int weight, Generator<? extends T> generator) {
    }

    static <T> Weighted<T> weight(int weight, Generator<? extends T> generator) {
        return new Weighted<>(weight, generator);
    }

    /** Picks a choice with a chance proportional to its weight. */
    @SafeVarargs
    static <T> Generator<T> frequencyOf(Weighted<? extends T>... choices) {
        int total = 0;
        for (Weighted<? extends T> choice : choices) {
            total += choice.weight();
        }
        int sum = total;
        return random -> {
            int roll = random.nextInt(sum);
            for (Weighted<? extends T> choice : choices) {
                roll -= choice.weight();
                if (roll < 0) {
                    return choice.generator().next(random);
                }
            }
            throw new IllegalStateException("unreachable: the roll is below the sum of the weights");
        };
    }

    /** Between {@code min} and {@code max}, both included. */
    static Generator<Integer> integers(int min, int max) {
        return random -> min + (int) (random.nextDouble() * ((long) max - min + 1));
    }

    /** Any int: small ones, any at all, and the edges. */
    static Generator<Integer> integers() {
        return frequencyOf(
                weight(1, of(0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE)),
                weight(4, integers(-1000, 1000)),
                weight(5, Random::nextInt));
    }

    /** Between 0 and 1, both included. */
    static Generator<Double> fractions() {
        return frequencyOf(weight(1, of(0.0, 1.0)), weight(9, Random::nextDouble));
    }

    /** Any finite double: two decimals, any bit pattern, and the edges. */
    static Generator<Double> doubles() {
        Generator<Double> anyFinite = random -> {
            double value;
            do {
                value = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(value));
            return value;
        };
        return frequencyOf(
                weight(1, of(0.0, -0.0, 1.0, -1.0, 0.01, Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE)),
                weight(4, integers(-1_000_000, 1_000_000).map(hundredths -> hundredths / 100.0)),
                weight(5, anyFinite));
    }

    /** Between {@code -bound} and {@code bound}, of every magnitude up to the bound's. */
    static Generator<BigInteger> bigIntegers(BigInteger bound) {
        Generator<BigInteger> spread = random -> {
            BigInteger magnitude = new BigInteger(random.nextInt(bound.bitLength() + 1), random).min(bound);
            return random.nextBoolean() ? magnitude : magnitude.negate();
        };
        return frequencyOf(weight(1, of(BigInteger.ZERO, bound, bound.negate())), weight(9, spread));
    }

    static Generator<Byte> bytes() {
        return frequencyOf(
                weight(1, of((byte) 0, (byte) -1, Byte.MIN_VALUE, Byte.MAX_VALUE)),
                weight(9, random -> (byte) random.nextInt(256)));
    }

    static Generator<byte[]> byteArrays(int maxSize) {
        return random -> {
            byte[] bytes = new byte[size(random, 0, maxSize)];
            random.nextBytes(bytes);
            return bytes;
        };
    }

    /** Characters from {@code first} to {@code last}, both included. */
    static Generator<Character> chars(char first, char last) {
        return integers(first, last).map(code -> (char) code.intValue());
    }

    /** Every UTF-16 unit, lone surrogates and controls included. */
    static Generator<Character> anyChars() {
        return chars(Character.MIN_VALUE, Character.MAX_VALUE);
    }

    static Generator<Character> letters() {
        return oneOf(chars('a', 'z'), chars('A', 'Z'));
    }

    static Generator<String> strings(Generator<Character> chars, int minLength, int maxLength) {
        return chars.list(minLength, maxLength).map(list -> {
            StringBuilder text = new StringBuilder(list.size());
            list.forEach(text::append);
            return text.toString();
        });
    }

    /** A size from {@code min} to {@code max}, each end an eighth of the time, the rest uniform. */
    private static int size(Random random, int min, int max) {
        int roll = random.nextInt(8);
        if (roll == 0) {
            return min;
        }
        if (roll == 1) {
            return max;
        }
        return min + random.nextInt(max - min + 1);
    }
}
