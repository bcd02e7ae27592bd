package dev.inferd.invoke;

import java.util.Arrays;

/**
 * The order of a batch's items by ID, as an array of indices. IDs that arrive sorted, the usual
 * case, cost one pass. Integer IDs whose range fits in 40 bits, the next most usual, are sorted as
 * single longs holding the ID above the item's index, with the JDK's primitive sort. Anything else
 * gets a merge sort over plain int indices, so no index is ever boxed.
 */
final class IdOrder {

    private IdOrder() {
    }

    static int[] sort(BatchItemId[] ids) {
        int[] order = new int[ids.length];
        boolean sorted = true;
        for (int i = 0; i < ids.length; i++) {
            order[i] = i;
            if (i > 0 && sorted && ids[i - 1].compareTo(ids[i]) > 0) {
                sorted = false;
            }
        }
        if (!sorted && !sortedAsPackedLongs(ids, order)) {
            mergeSort(order, new int[ids.length], 0, ids.length, ids);
        }
        return order;
    }

    private static final int INDEX_BITS = 23;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

    /** Sorts by packing each (ID - smallest ID, index) pair into one long; false when the IDs do not fit. */
    private static boolean sortedAsPackedLongs(BatchItemId[] ids, int[] order) {
        if (ids.length > INDEX_MASK + 1) {
            return false;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (BatchItemId id : ids) {
            if (!id.isSmallInteger()) {
                return false;
            }
            min = Math.min(min, id.smallInteger());
            max = Math.max(max, id.smallInteger());
        }
        // max - min may overflow for IDs near both ends of the long range; such batches take the merge sort.
        long span = max - min;
        if (span < 0 || span >= (1L << (63 - INDEX_BITS))) {
            return false;
        }
        long[] packed = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            packed[i] = ((ids[i].smallInteger() - min) << INDEX_BITS) | i;
        }
        Arrays.sort(packed);
        for (int i = 0; i < packed.length; i++) {
            order[i] = (int) (packed[i] & INDEX_MASK);
        }
        return true;
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
