public class Doubler {
    public static long exampleDoubler(long foo) {
        return 2 * foo;
    }
}
