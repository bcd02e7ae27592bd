package dev.inferd.runtime;

import dev.inferd.error.BundleRejectedException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The runtimes this server was built with, looked up by the manifest's {@code runtime:} value. */
public final class ModelRuntimes {
    private final Map<String, ModelRuntime> byName = new LinkedHashMap<>();

    public ModelRuntimes(List<ModelRuntime> runtimes) {
        for (ModelRuntime runtime : runtimes) {
            byName.put(runtime.name(), runtime);
        }
    }

    /** @throws BundleRejectedException for a runtime this server does not have */
    public ModelRuntime forName(String name) {
        ModelRuntime runtime = byName.get(name);
        if (runtime == null) {
            throw new BundleRejectedException("runtime '" + name + "' is not available on this server; available: "
                    + String.join(", ", new TreeSet<>(byName.keySet())));
        }
        return runtime;
    }

    /** The one-line summary of the first runtime that recognises the message as its own failure. */
    public Optional<String> failureLine(String message) {
        return byName.values().stream()
                .flatMap(runtime -> runtime.failureLine(message).stream())
                .findFirst();
    }
}
