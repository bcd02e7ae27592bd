package dev.inferd.bundle;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * One deploy-time check from the manifest's {@code tests:} list: call the main function with
 * {@code args}; when {@code expect} is given the result must equal it (numbers compare by value).
 */
public record DeployTest(List<JsonNode> args, Optional<JsonNode> expect) {
    public DeployTest {
        args = List.copyOf(args);
    }
}
