package dev.inferd.runtime;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;

/**
 * One invocation of a main function: its positional arguments as JSON values. The list is kept as
 * given, not copied: batches make hundreds of thousands of calls, and every caller passes a list
 * nobody changes afterwards.
 */
public record Call(List<JsonNode> arguments) {
    public Call {
        Objects.requireNonNull(arguments, "arguments");
    }
}
