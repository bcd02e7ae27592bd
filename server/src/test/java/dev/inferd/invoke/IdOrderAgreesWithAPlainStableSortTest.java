package dev.inferd.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whichever way {@link IdOrder} sorts (one pass over sorted IDs, counting, packed longs, merge sort),
 * its order and its first duplicate are those of a plain stable sort by {@link BatchItemId#compareTo};
 * sorted from whole numbers' values, it gives the same order and the values in that order.
 */
class IdOrderAgreesWithAPlainStableSortTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void shuffledDenseIntegerIds() {
        compareOverSeeds(random -> NODES.numberNode(random.nextInt(50)), 40);
    }

    @Test
    void shuffledSparseIntegerIds() {
        compareOverSeeds(random -> NODES.numberNode(random.nextInt(1_000_000) - 500_000), 40);
    }

    @Test
    void integerIdsTooFarApartToPack() {
        compareOverSeeds(random -> NODES.numberNode(random.nextBoolean() ? Long.MIN_VALUE + random.nextInt(10)
                : Long.MAX_VALUE - random.nextInt(10)), 30);
    }

    @Test
    void stringsAndNumbersBeyondLongs() {
        compareOverSeeds(random -> switch (random.nextInt(3)) {
            case 0 -> NODES.textNode("id-" + random.nextInt(40));
            case 1 -> NODES.numberNode(BigInteger.TWO.pow(64).add(BigInteger.valueOf(random.nextInt(20))));
            default -> NODES.numberNode(random.nextInt(20));
        }, 40);
    }

    @Test
    void idsThatArriveSorted() {
        compareOverSeeds(random -> NODES.numberNode(random.nextInt(3)), 1, true);
    }

    private interface IdMaker {
        JsonNode make(Random random);
    }

    private static void compareOverSeeds(IdMaker maker, int size) {
        compareOverSeeds(maker, size, false);
    }

    private static void compareOverSeeds(IdMaker maker, int size, boolean presorted) {
        for (int seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            int n = 1 + random.nextInt(size);
            List<BatchItemId> made = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                made.add(BatchItemId.of(maker.make(random)));
            }
            if (presorted) {
                made.sort(Comparator.naturalOrder());
            }
            BatchItemId[] ids = made.toArray(BatchItemId[]::new);

            IdOrder order = IdOrder.of(ids);

            List<Integer> expected = IntStream.range(0, n).boxed()
                    .sorted(Comparator.comparing(index -> ids[index]))
                    .toList();
            List<Integer> actual = IntStream.range(0, n).map(order::index).boxed().toList();
            assertThat(actual).as("seed %d: %s", seed, made).isEqualTo(expected);
            int expectedDuplicate = IntStream.range(1, n)
                    .filter(k -> ids[expected.get(k - 1)].compareTo(ids[expected.get(k)]) == 0)
                    .findFirst().orElse(-1);
            assertThat(order.firstDuplicate()).as("seed %d: %s", seed, made).isEqualTo(expectedDuplicate);
            if (made.stream().allMatch(BatchItemId::isSmallInteger)) {
                assertSameOrderFromValues(ids, expected, expectedDuplicate, "seed " + seed + ": " + made);
            }
        }
    }

    private static void assertSameOrderFromValues(BatchItemId[] ids, List<Integer> expected,
                                                  int expectedDuplicate, String description) {
        long[] values = Arrays.stream(ids).mapToLong(BatchItemId::smallInteger).toArray();

        IdOrder byValue = IdOrder.ofIntegers(values);

        boolean arrivedSorted = IntStream.range(1, ids.length).allMatch(i -> values[i - 1] <= values[i]);
        long span = Arrays.stream(values).max().orElseThrow() - Arrays.stream(values).min().orElseThrow();
        if (!arrivedSorted && (span < 0 || span >= 1L << 40)) {
            assertThat(byValue).as(description).isNull();
            return;
        }
        assertThat(byValue).as(description).isNotNull();
        assertThat(IntStream.range(0, ids.length).map(byValue::index).boxed().toList()).as(description).isEqualTo(expected);
        assertThat(IntStream.range(0, ids.length).mapToLong(byValue::sortedInteger).boxed().toList()).as(description)
                .isEqualTo(expected.stream().map(index -> values[index]).toList());
        assertThat(byValue.firstDuplicate()).as(description).isEqualTo(expectedDuplicate);
    }
}
