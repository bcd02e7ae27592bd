public class BatchAdder {
    public static long[] exampleAdder(long[][] rows) {
        long[] sums = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            sums[i] = rows[i][0] + rows[i][1] + rows[i][2];
        }
        return sums;
    }
}
