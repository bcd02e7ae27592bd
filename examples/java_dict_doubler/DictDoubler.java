import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

public class DictDoubler {
    public static Map<String, Number> exampleDictDoubler(Map<String, Number> foo) {
        Map<String, Number> doubled = new LinkedHashMap<>();
        for (Map.Entry<String, Number> entry : foo.entrySet()) {
            doubled.put(entry.getKey(), twice(entry.getValue()));
        }
        return doubled;
    }

    // Whole numbers stay whole and decimals stay exact, as in Python.
    private static Number twice(Number value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.multiply(BigDecimal.valueOf(2));
        }
        return new BigInteger(value.toString()).shiftLeft(1);
    }
}
