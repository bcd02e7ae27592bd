package dev.inferd.invoke;

import java.util.Arrays;

/**
 * The order of a batch's items by ID, as an array of indices, and where in that order the first
 * ID equal to the one before it is. IDs that arrive sorted, the usual case, cost one pass. Shuffled
 * integer IDs over a range not much larger than the batch (0 to n - 1) are placed by counting.
 * Other integer IDs whose range fits in 40 bits are sorted as single longs holding the ID above the
 * item's index, with the JDK's primitive sort, and compared for duplicates there too, so the IDs
 * themselves are not visited again. Anything else gets a merge sort over plain int indices, so no
 * index is ever boxed.
 */
final class IdOrder {
    private final int[] order;
    private final int firstDuplicate;

    private IdOrder(int[] order, int firstDuplicate) {
        this.order = order;
        this.firstDuplicate = firstDuplicate;
    }

    /** The index of the item at position {@code k} of the ID order. */
    int index(int k) {
        return order[k];
    }

    /** The first position whose ID equals the ID before it (equal items keep their arrival order); -1 when the IDs are unique. */
    int firstDuplicate() {
        return firstDuplicate;
    }

    static IdOrder of(BatchItemId[] ids) {
        int[] order = new int[ids.length];
        boolean sorted = true;
        int duplicate = -1;
        for (int i = 0; i < ids.length; i++) {
            order[i] = i;
            if (i > 0 && sorted) {
                int comparison = ids[i - 1].compareTo(ids[i]);
                if (comparison > 0) {
                    sorted = false;
                } else if (comparison == 0 && duplicate < 0) {
                    duplicate = i;
                }
            }
        }
        if (sorted) {
            return new IdOrder(order, duplicate);
        }
        IdOrder byInteger = sortedAsIntegers(ids, order);
        if (byInteger != null) {
            return byInteger;
        }
        mergeSort(order, new int[ids.length], 0, ids.length, ids);
        for (int k = 1; k < order.length; k++) {
            if (ids[order[k - 1]].compareTo(ids[order[k]]) == 0) {
                return new IdOrder(order, k);
            }
        }
        return new IdOrder(order, -1);
    }

    private static final int INDEX_BITS = 23;
    /** How sparse integer IDs may be, as their range over the batch's size, to be sorted by counting. */
    private static final int DENSE_FACTOR = 4;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

    /** Sorts integer IDs by counting or by packing each (ID - smallest ID, index) pair into one long; null when the IDs do not fit. */
    private static IdOrder sortedAsIntegers(BatchItemId[] ids, int[] order) {
        if (ids.length > INDEX_MASK + 1) {
            return null;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (BatchItemId id : ids) {
            if (!id.isSmallInteger()) {
                return null;
            }
            min = Math.min(min, id.smallInteger());
            max = Math.max(max, id.smallInteger());
        }
        // max - min may overflow for IDs near both ends of the long range; such batches take the merge sort.
        long span = max - min;
        if (span < 0 || span >= (1L << (63 - INDEX_BITS))) {
            return null;
        }
        if (span < (long) DENSE_FACTOR * ids.length) {
            return countingSorted(ids, order, min, (int) span + 1);
        }
        long[] packed = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            packed[i] = ((ids[i].smallInteger() - min) << INDEX_BITS) | i;
        }
        Arrays.sort(packed);
        int duplicate = -1;
        for (int i = 0; i < packed.length; i++) {
            order[i] = (int) (packed[i] & INDEX_MASK);
            if (duplicate < 0 && i > 0 && (packed[i] >>> INDEX_BITS) == (packed[i - 1] >>> INDEX_BITS)) {
                duplicate = i;
            }
        }
        return new IdOrder(order, duplicate);
    }

    /**
     * IDs within a range at most {@link #DENSE_FACTOR} times the batch's size (0 to n - 1 shuffled,
     * the usual batch) are placed by counting: a pass to count each ID, a pass to place each item,
     * and no comparisons at all. Items with equal IDs keep their arrival order.
     */
    private static IdOrder countingSorted(BatchItemId[] ids, int[] order, long min, int range) {
        int[] start = new int[range + 1];
        for (BatchItemId id : ids) {
            start[(int) (id.smallInteger() - min) + 1]++;
        }
        int duplicateValue = -1;
        for (int value = 0; value < range; value++) {
            if (duplicateValue < 0 && start[value + 1] > 1) {
                duplicateValue = value;
            }
            start[value + 1] += start[value];
        }
        int duplicate = duplicateValue < 0 ? -1 : start[duplicateValue] + 1;
        for (int i = 0; i < ids.length; i++) {
            order[start[(int) (ids[i].smallInteger() - min)]++] = i;
        }
        return new IdOrder(order, duplicate);
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
