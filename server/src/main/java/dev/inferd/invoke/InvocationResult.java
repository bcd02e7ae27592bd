package dev.inferd.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.runtime.Outcome;

import java.util.List;

/** The answer to a request, ready to encode. A failed single call is an exception instead. */
public sealed interface InvocationResult {

    record SingleResult(JsonNode value) implements InvocationResult {
    }

    /** Outcomes in ID order, one per ID; failures among them are per-item errors. */
    record BatchResult(List<BatchItemId> ids, List<Outcome> outcomes) implements InvocationResult {
        public BatchResult {
            if (ids.size() != outcomes.size()) {
                throw new IllegalArgumentException("one outcome per ID");
            }
        }
    }
}
