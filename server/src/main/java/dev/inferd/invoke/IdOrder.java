package dev.inferd.invoke;

import java.util.Arrays;

/**
 * The order of a batch's items by ID, as an array of indices, and where in that order the first
 * ID equal to the one before it is. IDs that arrive sorted, the usual case, cost one pass. Whole-number
 * IDs are sorted as plain longs: shuffled IDs over a range not much larger than the batch (0 to
 * n - 1) are placed by counting; others whose range fits in 40 bits are sorted as single longs
 * holding the ID above the item's index, with the JDK's primitive sort, and compared for
 * duplicates there too. Either way the IDs' values come out in ID order as well, so whole-number IDs
 * need not be objects until they are in that order. Anything else gets a merge sort over plain int
 * indices, so no index is ever boxed.
 */
final class IdOrder {
    private final int[] order;
    private final int firstDuplicate;
    private final long[] sortedIntegers;

    private IdOrder(int[] order, int firstDuplicate, long[] sortedIntegers) {
        this.order = order;
        this.firstDuplicate = firstDuplicate;
        this.sortedIntegers = sortedIntegers;
    }

    /** The index of the item at position {@code k} of the ID order. */
    int index(int k) {
        return order[k];
    }

    /** The first position whose ID equals the ID before it (equal items keep their arrival order); -1 when the IDs are unique. */
    int firstDuplicate() {
        return firstDuplicate;
    }

    /** The value of the ID at position {@code k}, for an order made by {@link #ofIntegers}. */
    long sortedInteger(int k) {
        return sortedIntegers[k];
    }

    static IdOrder of(BatchItemId[] ids) {
        long[] integers = smallIntegers(ids);
        IdOrder byInteger = integers == null ? null : ofIntegers(integers);
        if (byInteger != null) {
            return byInteger;
        }
        int[] order = identity(ids.length);
        boolean sorted = true;
        int duplicate = -1;
        for (int i = 1; i < ids.length && sorted; i++) {
            int comparison = ids[i - 1].compareTo(ids[i]);
            if (comparison > 0) {
                sorted = false;
            } else if (comparison == 0 && duplicate < 0) {
                duplicate = i;
            }
        }
        if (sorted) {
            return new IdOrder(order, duplicate, null);
        }
        mergeSort(order, new int[ids.length], 0, ids.length, ids);
        for (int k = 1; k < order.length; k++) {
            if (ids[order[k - 1]].compareTo(ids[order[k]]) == 0) {
                return new IdOrder(order, k, null);
            }
        }
        return new IdOrder(order, -1, null);
    }

    /** The IDs' values when every ID is a whole number in the range of a long; null otherwise. */
    private static long[] smallIntegers(BatchItemId[] ids) {
        long[] values = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (!ids[i].isSmallInteger()) {
                return null;
            }
            values[i] = ids[i].smallInteger();
        }
        return values;
    }

    private static int[] identity(int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        return order;
    }

    private static final int INDEX_BITS = 23;
    /** How sparse integer IDs may be, as their range over the batch's size, to be sorted by counting. */
    private static final int DENSE_FACTOR = 4;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

    /**
     * The order of whole-number IDs given as their values, keeping their values in ID order too
     * ({@link #sortedInteger}); null when they are too many or too spread out to be sorted as longs,
     * in which case they need {@link #of}.
     */
    static IdOrder ofIntegers(long[] values) {
        int duplicate = -1;
        boolean sorted = true;
        for (int i = 1; i < values.length && sorted; i++) {
            if (values[i - 1] > values[i]) {
                sorted = false;
            } else if (values[i - 1] == values[i] && duplicate < 0) {
                duplicate = i;
            }
        }
        if (sorted) {
            return new IdOrder(identity(values.length), duplicate, values);
        }
        if (values.length > INDEX_MASK + 1) {
            return null;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long value : values) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        // max - min may overflow for IDs near both ends of the long range; such batches take the merge sort.
        long span = max - min;
        if (span < 0 || span >= (1L << (63 - INDEX_BITS))) {
            return null;
        }
        if (span < (long) DENSE_FACTOR * values.length) {
            return countingSorted(values, min, (int) span + 1);
        }
        long[] packed = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            packed[i] = ((values[i] - min) << INDEX_BITS) | i;
        }
        Arrays.sort(packed);
        int[] order = new int[values.length];
        long[] sortedValues = new long[values.length];
        duplicate = -1;
        for (int k = 0; k < packed.length; k++) {
            order[k] = (int) (packed[k] & INDEX_MASK);
            sortedValues[k] = (packed[k] >>> INDEX_BITS) + min;
            if (duplicate < 0 && k > 0 && sortedValues[k] == sortedValues[k - 1]) {
                duplicate = k;
            }
        }
        return new IdOrder(order, duplicate, sortedValues);
    }

    /**
     * Values within a range at most {@link #DENSE_FACTOR} times the batch's size (0 to n - 1
     * shuffled, the usual batch) are placed by counting: a pass to count each value, a pass to place
     * each item, and no comparisons at all. Items with equal IDs keep their arrival order.
     */
    private static IdOrder countingSorted(long[] values, long min, int range) {
        int[] start = new int[range + 1];
        for (long value : values) {
            start[(int) (value - min) + 1]++;
        }
        int duplicateValue = -1;
        for (int value = 0; value < range; value++) {
            if (duplicateValue < 0 && start[value + 1] > 1) {
                duplicateValue = value;
            }
            start[value + 1] += start[value];
        }
        int duplicate = duplicateValue < 0 ? -1 : start[duplicateValue] + 1;
        int[] order = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            order[start[(int) (values[i] - min)]++] = i;
        }
        // Each value's places now end where the next value's begin.
        long[] sortedValues = new long[values.length];
        int k = 0;
        for (int value = 0; value < range; value++) {
            while (k < start[value]) {
                sortedValues[k++] = min + value;
            }
        }
        return new IdOrder(order, duplicate, sortedValues);
    }

    /** Sorts {@code order[from, to)} by ID; stable, so equal IDs keep their arrival order. */
    private static void mergeSort(int[] order, int[] scratch, int from, int to, BatchItemId[] ids) {
        if (to - from <= 16) {
            for (int i = from + 1; i < to; i++) {
                int moving = order[i];
                int j = i - 1;
                while (j >= from && ids[order[j]].compareTo(ids[moving]) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = moving;
            }
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(order, scratch, from, middle, ids);
        mergeSort(order, scratch, middle, to, ids);
        if (ids[order[middle - 1]].compareTo(ids[order[middle]]) <= 0) {
            return;
        }
        System.arraycopy(order, from, scratch, from, to - from);
        int left = from;
        int right = middle;
        for (int k = from; k < to; k++) {
            if (right >= to || (left < middle && ids[scratch[left]].compareTo(ids[scratch[right]]) <= 0)) {
                order[k] = scratch[left++];
            } else {
                order[k] = scratch[right++];
            }
        }
    }
}
