package dev.inferd.invoke;

/**
 * This replica among the live ones: its index in the order of their names, and how many there are.
 * Every replica sorts the same names alike, so each knows its own part of a rate limit without asking
 * the others.
 */
public record ReplicaPlace(int index, int count) {
    public static final ReplicaPlace ALONE = new ReplicaPlace(0, 1);

    public ReplicaPlace {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("replica " + index + " of " + count);
        }
    }

    /**
     * This replica's part of {@code limit} items in the calendar minute {@code minute}: the limit split
     * evenly, and what does not split evenly given one item each to {@code limit % count} replicas. Which
     * replicas get those moves on by one every minute, so the parts always add up to exactly the limit,
     * and even a limit smaller than the number of replicas lets every replica serve in some minutes.
     */
    public int shareOf(int limit, long minute) {
        int evenPart = limit / count;
        int leftOver = limit % count;
        int turn = (int) Math.floorMod(index - minute, (long) count);
        return evenPart + (turn < leftOver ? 1 : 0);
    }
}
