import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.NoSuchElementException;

public class DictDoubler {
    public static Number exampleDictDoubler(Map<String, Number> d) {
        Number value = d.get("value");
        // Map.get answers null for a missing key, which would fail further on as a bare
        // NullPointerException; Python's d["value"] names the key (KeyError: 'value'), and so does this.
        if (value == null) {
            throw d.containsKey("value")
                    ? new IllegalArgumentException("the dictionary's 'value' is null, not a number")
                    : new NoSuchElementException("the dictionary has no key 'value'");
        }
        return twice(value);
    }

    // Whole numbers stay whole and decimals stay exact, as in Python.
    private static Number twice(Number value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.multiply(BigDecimal.valueOf(2));
        }
        return new BigInteger(value.toString()).shiftLeft(1);
    }
}
