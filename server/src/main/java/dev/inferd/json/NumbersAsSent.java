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
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;

import java.io.IOException;
import java.math.BigDecimal;

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
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return TextNode.valueOf(parser.getText());
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
                return nodes.numberNode(parser.getDecimalValue());
            }
            if (trees == null) {
                // The caller checks for trailing tokens once the whole body is read, not after each value.
                trees = mapper.reader().with(nodes).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            }
            return trees.readTree(parser);
        }
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
        private final String text;

        DecimalAsSent(BigDecimal value, String text) {
            super(value);
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }
}
