package dev.inferd.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
    private final boolean plainInteger;

    private BatchItemId(JsonNode original, boolean isNumber, long smallInteger, BigDecimal exactNumber, String text,
                        boolean plainInteger) {
        this.original = original;
        this.isNumber = isNumber;
        this.smallInteger = smallInteger;
        this.exactNumber = exactNumber;
        this.text = text;
        this.plainInteger = plainInteger;
    }

    /** @throws BadRequestException when the value is not a JSON string or number */
    public static BatchItemId of(JsonNode value) {
        // The usual IDs first, by exact class: a server that has read IDs of many node types would
        // otherwise make every question below a call it cannot inline, ten of them per item.
        Class<?> type = value == null ? null : value.getClass();
        if (type == IntNode.class || type == LongNode.class) {
            return new BatchItemId(value, true, value.longValue(), null, null, true);
        }
        if (type == TextNode.class) {
            return new BatchItemId(value, false, 0, null, value.textValue(), false);
        }
        if (value == null || !(value.isTextual() || value.isNumber())) {
            throw new BadRequestException("batch item IDs must be strings or numbers; got "
                    + (value == null ? "nothing" : value.getNodeType().name().toLowerCase() + " " + abbreviate(value.toString())));
        }
        if (value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
            throw new BadRequestException("batch item ID is not a finite number: " + value);
        }
        if (!value.isNumber()) {
            return new BatchItemId(value, false, 0, null, value.textValue(), false);
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            // Whole numbers in the range of a long (-0 among them) compare as longs, without BigDecimal.
            return new BatchItemId(value, true, value.longValue(), null, null, false);
        }
        return new BatchItemId(value, true, 0, value.decimalValue(), null, false);
    }

    /** The ID of a node that {@link #of} reads as a plain whole number, whose value is {@code value}. */
    static BatchItemId plainInteger(JsonNode original, long value) {
        return new BatchItemId(original, true, value, null, null, true);
    }

    public JsonNode original() {
        return original;
    }

    /** Whether the ID is a whole number in the range of a long, which sorts fastest. */
    boolean isSmallInteger() {
        return isNumber && exactNumber == null;
    }

    /** The ID's value when {@link #isSmallInteger()}. */
    public long smallInteger() {
        return smallInteger;
    }

    /**
     * Whether the ID was sent as a plain whole number (not one whose text is kept, like {@code -0}),
     * so that writing {@link #smallInteger()} writes exactly what was sent. A big answer writes these
     * IDs from here, without reading the node they came in: the nodes lie in the order the items
     * arrived, and visiting them in ID order costs a cache miss each.
     */
    public boolean isPlainInteger() {
        return plainInteger;
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
