package dev.inferd.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.DatatypeFeatures;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON trees whose numbers are written back exactly as they were sent. PROTOCOL §1 wants
 * batch IDs echoed unchanged, but a number's value does not always say how it was written:
 * {@code 1e2} would come back as {@code 1E+2}, {@code 0.0000001} as {@code 1E-7}, and {@code -0}
 * as {@code 0}. Those numbers keep their text, and so does every number with a fraction: writing a
 * BigDecimal's digits again costs many times what keeping them costs, and a batch of measurements
 * handed to a Python worker is written again in full. Whole numbers, most IDs and counts, are the
 * nodes Jackson would make anyway, so a big batch of them pays for nothing it does not use.
 * The text is written by {@link JsonNodeWriter}, which writes every answer; Jackson's own writers
 * (and {@code toString}) still print the usual form, since node serialisation cannot be overridden.
 */
public final class NumbersAsSent {

    private NumbersAsSent() {
    }

    /** A number node that keeps the text it was read from. */
    public interface Kept {
        String text();
    }

    /** Parses {@code body} into a tree, as {@code mapper.readTree} would; null for an empty body. */
    public static JsonNode readTree(ObjectMapper mapper, byte[] body) throws IOException {
        try (JsonParser parser = mapper.createParser(body)) {
            return mapper.reader().with(new KeepingFactory(parser)).readTree(parser);
        }
    }

    /**
     * Reads values one at a time from a parser that the caller walks itself, each as
     * {@link #readTree} would read it. Strings and numbers, most of what batches hold, are made into
     * nodes directly; everything else goes through Jackson's tree reader.
     */
    public static ValueReader valueReader(ObjectMapper mapper, JsonParser parser) {
        return new ValueReader(mapper, parser);
    }

    public static final class ValueReader {
        private final ObjectMapper mapper;
        private final JsonParser parser;
        private final KeepingFactory nodes;
        /** Whether the mapper's tree reader makes a fraction the BigDecimal node of its digits, as {@link JsonMappers}' do. */
        private final boolean fractionsAsSent;
        /** Made on first use: most bodies hold only strings and whole numbers, and a reader costs two configs. */
        private ObjectReader trees;

        private ValueReader(ObjectMapper mapper, JsonParser parser) {
            this.mapper = mapper;
            this.parser = parser;
            this.nodes = new KeepingFactory(parser);
            // Decided as Jackson's tree reader decides it: the node feature if set, else the mapper's.
            DeserializationConfig config = mapper.getDeserializationConfig();
            DatatypeFeatures features = config.getDatatypeFeatures();
            boolean bigDecimals = features.isExplicitlySet(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    ? features.isEnabled(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    : config.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            this.fractionsAsSent = bigDecimals
                    && features.isExplicitlySet(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    && !features.isEnabled(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
        }

        /** The value at the parser's current token; the parser is left on the value's last token. */
        public JsonNode read() throws IOException {
            return read(0);
        }

        private JsonNode read(int depth) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return TextNode.valueOf(parser.getText());
            }
            if (token == JsonToken.START_ARRAY && depth < MAX_OWN_DEPTH) {
                // Rows of numbers (a model's inputs) are most of a big batch: read here, each number
                // is made a node as below, not through the tree reader's per-value dispatch.
                List<JsonNode> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(read(depth + 1));
                }
                return new ArrayNode(nodes, elements);
            }
            if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            if (token == JsonToken.VALUE_NULL) {
                return nodes.nullNode();
            }
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return switch (parser.getNumberType()) {
                    case INT -> nodes.numberNode(parser.getIntValue());
                    case LONG -> nodes.numberNode(parser.getLongValue());
                    default -> nodes.numberNode(parser.getBigIntegerValue());
                };
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT && fractionsAsSent && !parser.isNaN()) {
                // What the tree reader would do, without looking up its deserializer for every number.
                BigDecimal plain = plainDecimal(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                if (plain != null && plain.signum() != 0) {
                    // Its plain form is the text it came in, so the text need not be kept (a String per number).
                    return new DecimalAsSent(plain, null);
                }
                return nodes.numberNode(plain != null ? plain : parser.getDecimalValue());
            }
            if (trees == null) {
                // The caller checks for trailing tokens once the whole body is read, not after each value.
                trees = mapper.reader().with(nodes).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            }
            return trees.readTree(parser);
        }
    }

    /**
     * Nesting the value reader reads itself; deeper arrays go to Jackson's tree reader, which does not
     * recurse, so a server allowed deep JSON cannot run out of stack here.
     */
    private static final int MAX_OWN_DEPTH = 32;
    /** Digits an unscaled {@code long} always holds. */
    private static final int MAX_PLAIN_DIGITS = 18;

    /**
     * {@code 16.0}, {@code -0.0625}: a decimal without an exponent and of at most 18 digits, as the
     * BigDecimal {@code new BigDecimal(text)} makes (the same unscaled value and scale), at a fraction
     * of its cost; null for any other text, which the parser then reads as it always does. Its
     * {@code toPlainString()} is the text again, digit for digit, but for the sign of a zero.
     */
    static BigDecimal plainDecimal(char[] text, int offset, int length) {
        int at = offset;
        int end = offset + length;
        boolean negative = at < end && text[at] == '-';
        if (negative) {
            at++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = -1;
        for (; at < end; at++) {
            char c = text[at];
            if (c >= '0' && c <= '9') {
                if (++digits > MAX_PLAIN_DIGITS) {
                    return null;
                }
                unscaled = unscaled * 10 + (c - '0');
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                return null;
            }
        }
        if (digits == 0 || scale <= 0) {
            return null;
        }
        return BigDecimal.valueOf(negative ? -unscaled : unscaled, scale);
    }

    /** Looks at the parser's current token, which is the number being made a node, without copying it. */
    private static final class KeepingFactory extends JsonNodeFactory {
        private final JsonParser parser;

        KeepingFactory(JsonParser parser) {
            super(false);
            this.parser = parser;
        }

        @Override
        public NumericNode numberNode(int value) {
            if (value == 0 && textStartsWithMinus()) {
                return new NegativeZero();
            }
            return super.numberNode(value);
        }

        @Override
        public ValueNode numberNode(BigDecimal value) {
            return new DecimalAsSent(value, text());
        }

        private boolean textStartsWithMinus() {
            try {
                return parser.getTextLength() > 0 && parser.getTextCharacters()[parser.getTextOffset()] == '-';
            } catch (IOException e) {
                return false;
            }
        }

        private String text() {
            try {
                return parser.getText();
            } catch (IOException e) {
                throw new IllegalStateException("the parser lost the number it is reading", e);
            }
        }
    }

    /** {@code -0}: zero for every use, {@code -0} when written. */
    static final class NegativeZero extends IntNode implements Kept {
        NegativeZero() {
            super(0);
        }

        @Override
        public String text() {
            return "-0";
        }
    }

    /** A decimal with the text it was sent in. */
    static final class DecimalAsSent extends DecimalNode implements Kept {
        /** Null for a decimal whose plain form is how it was sent (see {@link #plainDecimal}, not zero: {@code -0.0}). */
        private final String text;

        DecimalAsSent(BigDecimal value, String text) {
            super(value);
            this.text = text;
        }

        @Override
        public String text() {
            return text != null ? text : _value.toPlainString();
        }
    }
}
