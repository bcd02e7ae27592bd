package dev.inferd.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.invoke.BatchItemId;
import dev.inferd.invoke.InvocationResult;
import dev.inferd.json.FiniteNumberGenerator;
import dev.inferd.json.JsonNodeWriter;
import dev.inferd.runtime.Outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes answers with Jackson's streaming generator: {@code {"data": value}} for a single call,
 * and for a batch {@code {"data": [[id, result]...]}} plus, when items failed, {@code errors} and
 * {@code error}, exactly as PROTOCOL §1 shows.
 */
final class InferenceResponseEncoder {
    private final ObjectMapper json;

    InferenceResponseEncoder(ObjectMapper json) {
        this.json = json;
    }

    byte[] encode(InvocationResult result) {
        // Sized for a batch of short items up front, so that writing it does not copy it as it grows.
        int expectedBytes = result instanceof InvocationResult.BatchResult batch ? 32 + 16 * batch.ids().size() : 64;
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(expectedBytes);
             JsonGenerator generator = new FiniteNumberGenerator(json.getFactory().createGenerator(bytes))) {
            if (result instanceof InvocationResult.SingleResult single) {
                generator.writeStartObject();
                generator.writeFieldName("data");
                JsonNodeWriter.write(single.value(), generator);
                generator.writeEndObject();
            } else {
                writeBatch(generator, (InvocationResult.BatchResult) result);
            }
            generator.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the answer", e);
        }
    }

    private static void writeBatch(JsonGenerator generator, InvocationResult.BatchResult batch) throws IOException {
        List<BatchItemId> ids = batch.ids();
        List<Outcome> outcomes = batch.outcomes();
        generator.writeStartObject();
        generator.writeArrayFieldStart("data");
        int failures = 0;
        for (int i = 0; i < ids.size(); i++) {
            generator.writeStartArray();
            JsonNodeWriter.write(ids.get(i).original(), generator);
            if (outcomes.get(i) instanceof Outcome.Success success) {
                JsonNodeWriter.write(success.value(), generator);
            } else {
                generator.writeNull();
                failures++;
            }
            generator.writeEndArray();
        }
        generator.writeEndArray();
        if (failures > 0) {
            Outcome.Failure first = null;
            BatchItemId firstId = null;
            generator.writeArrayFieldStart("errors");
            for (int i = 0; i < ids.size(); i++) {
                if (outcomes.get(i) instanceof Outcome.Failure failure) {
                    if (first == null) {
                        first = failure;
                        firstId = ids.get(i);
                    }
                    generator.writeStartArray();
                    JsonNodeWriter.write(ids.get(i).original(), generator);
                    generator.writeString(failure.message());
                    generator.writeEndArray();
                }
            }
            generator.writeEndArray();
            generator.writeStringField("error", failures + " of " + ids.size() + " items failed; first: item "
                    + firstId.display() + ": " + first.summary());
        }
        generator.writeEndObject();
    }
}
