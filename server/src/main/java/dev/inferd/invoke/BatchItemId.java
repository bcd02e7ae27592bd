package dev.inferd.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.error.BadRequestException;
import dev.inferd.json.NumbersAsSent;

import java.math.BigDecimal;

/**
 * The caller's ID of one batch item, kept exactly as sent and ordered as the protocol says:
 * numbers first by exact value ({@code 2 < 10 < 2^64 < 2^64 + 1}, {@code 2.50 == 2.5}), then
 * strings by Unicode code point.
 */
public final class BatchItemId implements Comparable<BatchItemId> {
    private final JsonNode original;
    private final boolean isNumber;
    private final long smallInteger;
    private final BigDecimal exactNumber;
    private final String text;

    private BatchItemId(JsonNode original) {
        this.original = original;
        this.isNumber = original.isNumber();
        if (isNumber && original.isIntegralNumber() && original.canConvertToLong()) {
            // The common case of small integer IDs compares as longs, without BigDecimal.
            this.smallInteger = original.longValue();
            this.exactNumber = null;
        } else {
            this.smallInteger = 0;
            this.exactNumber = isNumber ? original.decimalValue() : null;
        }
        this.text = isNumber ? null : original.textValue();
    }

    /** @throws BadRequestException when the value is not a JSON string or number */
    public static BatchItemId of(JsonNode value) {
        if (value == null || !(value.isTextual() || value.isNumber())) {
            throw new BadRequestException("batch item IDs must be strings or numbers; got "
                    + (value == null ? "nothing" : value.getNodeType().name().toLowerCase() + " " + abbreviate(value.toString())));
        }
        if (value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
            throw new BadRequestException("batch item ID is not a finite number: " + value);
        }
        return new BatchItemId(value);
    }

    public JsonNode original() {
        return original;
    }

    /** Whether the ID is a whole number in the range of a long, which sorts fastest. */
    boolean isSmallInteger() {
        return isNumber && exactNumber == null;
    }

    /** The ID's value when {@link #isSmallInteger()}. */
    long smallInteger() {
        return smallInteger;
    }

    /** The ID as JSON text, for messages: {@code 2}, {@code "a"}. */
    public String display() {
        return abbreviate(original instanceof NumbersAsSent.Kept kept ? kept.text() : original.toString());
    }

    @Override
    public int compareTo(BatchItemId other) {
        if (isNumber != other.isNumber) {
            return isNumber ? -1 : 1;
        }
        if (isNumber) {
            if (exactNumber == null && other.exactNumber == null) {
                return Long.compare(smallInteger, other.smallInteger);
            }
            return exact().compareTo(other.exact());
        }
        return compareByCodePoint(text, other.text);
    }

    private BigDecimal exact() {
        return exactNumber != null ? exactNumber : BigDecimal.valueOf(smallInteger);
    }

    /**
     * Code-point order without decoding: up to the first differing UTF-16 unit the strings agree,
     * and there surrogates (U+D800..U+DFFF, which encode code points above U+FFFF) must sort after
     * the units U+E000..U+FFFF, so both ranges are shifted before comparing.
     */
    static int compareByCodePoint(String a, String b) {
        int shared = Math.min(a.length(), b.length());
        for (int i = 0; i < shared; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return Integer.compare(codePointRank(x), codePointRank(y));
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    private static int codePointRank(char unit) {
        if (unit >= 0xE000) {
            return unit - 0x800;
        }
        if (unit >= 0xD800) {
            return unit + 0x2000;
        }
        return unit;
    }

    static String abbreviate(String json) {
        return json.length() <= 80 ? json : json.substring(0, 77) + "...";
    }

    @Override
    public String toString() {
        return display();
    }
}
