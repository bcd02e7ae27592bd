package dev.inferd.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.error.BundleRejectedException;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keys of {@code inferd.yaml} with their values, read by the rules docs/bundles.md states for every
 * key, so the common keys and each runtime's own read alike: a string is non-empty and trimmed, a
 * number is whole and in range, and {@code key: null} is the same as no key.
 */
public final class ManifestKeys {
    private final ObjectNode fields;
    /** "" for the manifest's own keys, "onnx." for the keys of its {@code onnx:} mapping: how messages name a key. */
    private final String prefix;

    ManifestKeys(ObjectNode fields) {
        this(fields, "");
    }

    private ManifestKeys(ObjectNode fields, String prefix) {
        this.fields = fields.deepCopy();
        this.prefix = prefix;
    }

    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        fields.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** @throws BundleRejectedException when the key is there and not a non-empty string */
    public Optional<String> text(String key) {
        JsonNode node = node(key);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new BundleRejectedException(prefix + key + ": must be a non-empty string");
        }
        return Optional.of(node.asText().strip());
    }

    /** @throws BundleRejectedException when the key is missing or not a non-empty string */
    public String requiredText(String key) {
        return text(key).orElseThrow(() -> new BundleRejectedException("the manifest needs " + prefix + key + ":"));
    }

    /** A file of the bundle. @throws BundleRejectedException when the value is not a valid bundle path */
    public Optional<String> bundlePath(String key) {
        Optional<String> path = text(key);
        try {
            path.ifPresent(BundlePath::check);
        } catch (BundleRejectedException e) {
            throw new BundleRejectedException(prefix + key + ": " + e.getMessage());
        }
        return path;
    }

    /** @throws BundleRejectedException when the key is there and not a whole number from 1 to {@code max} */
    public OptionalInt wholeNumber(String key, int max) {
        return wholeNumber(key, 1, max);
    }

    /** @throws BundleRejectedException when the key is there and not a whole number from {@code min} to {@code max} */
    public OptionalInt wholeNumber(String key, int min, int max) {
        JsonNode node = node(key);
        if (node == null) {
            return OptionalInt.empty();
        }
        if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToInt()
                || node.asInt() < min || node.asInt() > max) {
            throw new BundleRejectedException(prefix + key + ": must be a whole number from " + min + " to " + max + "; got " + node);
        }
        return OptionalInt.of(node.asInt());
    }

    /**
     * A key whose value is a mapping of keys of its own ({@code onnx: {intra_op_threads: 2}}), read
     * by the same rules; empty when absent.
     *
     * @param allowed the keys the mapping may hold
     * @throws BundleRejectedException when the value is not a mapping, or holds another key
     */
    public Optional<ManifestKeys> mapping(String key, Set<String> allowed) {
        JsonNode node = node(key);
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new BundleRejectedException(prefix + key + ": must be a mapping of " + new TreeSet<>(allowed));
        }
        ManifestKeys inner = new ManifestKeys((ObjectNode) node, prefix + key + ".");
        Set<String> unknown = new TreeSet<>(inner.names());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new BundleRejectedException(prefix + key + ": unknown key(s) " + unknown + "; known keys are " + new TreeSet<>(allowed));
        }
        return Optional.of(inner);
    }

    ManifestKeys without(Set<String> names) {
        ObjectNode rest = fields.deepCopy();
        rest.remove(names);
        return new ManifestKeys(rest, prefix);
    }

    /** The value as written, null when absent or null. */
    JsonNode node(String key) {
        JsonNode node = fields.get(key);
        return node == null || node.isNull() ? null : node;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ManifestKeys keys && keys.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
