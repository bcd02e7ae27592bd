package dev.inferd.runtime.python;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NumericNode;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads a worker's frames into trees. The worker writes a {@code decimal.Decimal} as its digits with
 * an uppercase exponent ({@code Decimal("1.10")} as {@code 110E-2}) and a float as Python prints it,
 * with a lowercase {@code e} if any. So a number with an uppercase {@code E} becomes a
 * {@code BigDecimal} with every digit, answered as Java answers a {@code BigDecimal} ({@code 1.10}),
 * and every other fraction a double, answered as Java answers a {@code double}.
 */
final class FrameParser {

    private FrameParser() {
    }

    static JsonNode parse(ObjectMapper mapper, byte[] frame) throws IOException {
        try (JsonParser parser = mapper.createParser(frame)) {
            return mapper.reader().with(new DecimalKeepingFactory(parser)).readTree(parser);
        }
    }

    /** Looks at the text of the number being made a node, which the parser still holds. */
    private static final class DecimalKeepingFactory extends JsonNodeFactory {
        private final JsonParser parser;

        DecimalKeepingFactory(JsonParser parser) {
            super(false);
            this.parser = parser;
        }

        @Override
        public NumericNode numberNode(double value) {
            try {
                char[] characters = parser.getTextCharacters();
                int start = parser.getTextOffset();
                int length = parser.getTextLength();
                // A float has a point or a lowercase e before any E; a decimal has neither.
                for (int i = start; i < start + length; i++) {
                    char character = characters[i];
                    if (character == '.' || character == 'e') {
                        break;
                    }
                    if (character == 'E') {
                        return DecimalNode.valueOf(new BigDecimal(characters, start, length));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("the parser lost the number it is reading", e);
            }
            return super.numberNode(value);
        }
    }
}
