package dev.inferd.invoke;

/**
 * The order of a batch's items by ID, as an array of indices. IDs that arrive sorted, the usual
 * case, cost one pass; otherwise a merge sort over plain int indices, so a 100,000-item batch sorts
 * without boxing an index.
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
        if (!sorted) {
            mergeSort(order, new int[ids.length], 0, ids.length, ids);
        }
        return order;
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
