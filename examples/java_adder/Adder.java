public class Adder {
    public static long exampleAdder(long a, long b, long c) {
        return a + b + c;
    }
}
