package dev.inferd.runtime;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** One invocation of a main function: its positional arguments as JSON values. */
public record Call(List<JsonNode> arguments) {
    public Call {
        arguments = List.copyOf(arguments);
    }
}
