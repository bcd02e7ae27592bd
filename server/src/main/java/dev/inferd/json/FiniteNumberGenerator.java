package dev.inferd.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;

import java.io.IOException;

/**
 * Writes NaN and ±Infinity as {@code null}: JSON has no such numbers, and the protocol says they
 * become null. Done at the generator so that everything Jackson serialises through it (records,
 * maps, trees) is covered; {@link JsonNodeWriter}, the fast path for answer trees, applies the same
 * rule itself.
 */
public final class FiniteNumberGenerator extends JsonGeneratorDelegate {

    public FiniteNumberGenerator(JsonGenerator delegate) {
        super(delegate, false);
    }

    @Override
    public void writeNumber(double value) throws IOException {
        if (Double.isFinite(value)) {
            super.writeNumber(value);
        } else {
            super.writeNull();
        }
    }

    @Override
    public void writeNumber(float value) throws IOException {
        if (Float.isFinite(value)) {
            super.writeNumber(value);
        } else {
            super.writeNull();
        }
    }
}
