package dev.inferd.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Comparator;

/**
 * Equality of JSON values as a person reading them would judge it: numbers by value ({@code 20}
 * equals {@code 20.0}), everything else structurally. Used for deploy-time test expectations.
 */
public final class JsonEquivalence {
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber() && isFinite(a) && isFinite(b)) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonEquivalence() {
    }

    private static boolean isFinite(JsonNode number) {
        return !number.isFloatingPointNumber() || number.isBigDecimal() || Double.isFinite(number.doubleValue());
    }

    public static boolean equivalent(JsonNode expected, JsonNode actual) {
        return expected.equals(NUMBERS_BY_VALUE, actual);
    }
}
