package dev.inferd.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.inferd.error.BundleRejectedException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code inferd.yaml} (YAML, or JSON, which is YAML too) into a {@link Manifest}. Unknown keys
 * are refused so that a misspelt {@code tets:} does not silently skip the deploy-time tests.
 *
 * <p>The common keys are read here; each runtime's {@link ManifestSection} checks its {@code main} and
 * its own keys. A manifest for a runtime that has no section here (one this build lacks) is checked
 * for the common keys only: its other keys are for a server that runs it to judge, and a server
 * that does not refuses the runtime when it loads the bundle.
 */
public final class ManifestParser {
    private static final Set<String> COMMON_KEYS = Set.of("name", "runtime", "main", "tests", "description", "rate_limit_per_minute",
            "batch", "columns", "batch_size", "batching");

    private final ObjectMapper yaml = new YAMLMapper();
    private final Map<String, ManifestSection> sections = new LinkedHashMap<>();
    private final Set<String> knownKeys = new TreeSet<>(COMMON_KEYS);

    /** A parser that knows no runtime's section: it checks the common keys only. */
    public ManifestParser() {
        this(List.of());
    }

    public ManifestParser(List<ManifestSection> sections) {
        for (ManifestSection section : sections) {
            this.sections.put(section.runtime(), section);
            knownKeys.addAll(section.keys());
            knownKeys.add(section.mainKey());
        }
    }

    public Manifest parse(byte[] yamlBytes) {
        JsonNode root;
        try {
            root = yaml.readTree(new String(yamlBytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new BundleRejectedException(Manifest.FILE_NAME + " is not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BundleRejectedException(Manifest.FILE_NAME + " must be a mapping of keys such as runtime: and main:");
        }
        return fromTree((ObjectNode) root);
    }

    /** Checks manifest fields given as a JSON object (the JSON form of a deploy body). */
    public Manifest fromTree(ObjectNode fields) {
        ManifestKeys keys = new ManifestKeys(fields);
        Set<String> unknown = new TreeSet<>(keys.names());
        unknown.removeAll(knownKeys);
        if (!unknown.isEmpty() && !forRuntimeWithoutSection(keys)) {
            throw new BundleRejectedException("unknown manifest key(s) " + unknown + "; known keys are " + knownKeys);
        }
        String runtime = keys.requiredText("runtime");
        ManifestSection section = sections.get(runtime);
        String mainKey = section == null ? "main" : section.mainKey();
        if (!mainKey.equals("main") && keys.node("main") != null) {
            throw new BundleRejectedException("runtime " + runtime + " takes " + mainKey + ": instead of main:");
        }
        String main = keys.requiredText(mainKey);
        if (section != null && section.batchShapes().isEmpty()) {
            for (String key : List.of("batch", "columns", "batch_size")) {
                if (keys.node(key) != null) {
                    throw new BundleRejectedException(key + ": is for main functions; a runtime " + runtime
                            + " model takes a batch's rows in one run as it is (batching.max_batch_size says how many)");
                }
            }
        }
        BatchForm batch = batchForm(keys);
        if (section != null) {
            section.checkMain(main);
            if (!section.batchShapes().isEmpty() && !section.batchShapes().contains(batch.shape())) {
                throw new BundleRejectedException("batch: " + batch.shape().manifestValue() + " is not available for runtime "
                        + runtime + "; it takes " + section.batchShapes().stream()
                        .filter(shape -> shape != BatchForm.Shape.PER_ITEM)
                        .map(shape -> "batch: " + shape.manifestValue()).sorted().reduce((a, b) -> a + " or " + b)
                        .orElse("one call per item (no batch:)"));
            }
        }
        Set<String> notTheRuntimes = new TreeSet<>(COMMON_KEYS);
        notTheRuntimes.add(mainKey);
        ManifestKeys runtimeKeys = keys.without(notTheRuntimes);
        // Whatever the runtime, so that a key means and allows the same in every manifest.
        sections.values().forEach(each -> each.checkKeys(runtimeKeys));
        return new Manifest(
                keys.text("name"),
                runtime,
                main,
                tests(keys.node("tests")),
                keys.text("description"),
                keys.wholeNumber("rate_limit_per_minute", Integer.MAX_VALUE),
                batch,
                batching(keys),
                runtimeKeys);
    }

    /** {@code batching: false}, {@code batching: true}, or {@code batching: {max_batch_size: N, max_delay_ms: M}}. */
    private static Optional<Batching> batching(ManifestKeys keys) {
        JsonNode node = keys.node("batching");
        if (node == null) {
            return Optional.empty();
        }
        if (node.isBoolean()) {
            return Optional.of(node.booleanValue() ? Batching.DEFAULT : Batching.OFF);
        }
        if (!node.isObject()) {
            throw new BundleRejectedException("batching: must be false, true, or a mapping such as {max_batch_size: 64, max_delay_ms: 0}; got "
                    + node);
        }
        ManifestKeys settings = keys.mapping("batching", Set.of("max_batch_size", "max_delay_ms")).orElseThrow();
        return Optional.of(new Batching(true, settings.wholeNumber("max_batch_size", BatchForm.MAX_BATCH_SIZE),
                settings.wholeNumber("max_delay_ms", 0, Batching.MAX_DELAY_MS).orElse(0)));
    }

    /** {@code batch:}, {@code columns:} and {@code batch_size:}; the last two only with the first. */
    private static BatchForm batchForm(ManifestKeys keys) {
        Optional<String> shape = keys.text("batch");
        List<String> columns = columns(keys.node("columns"));
        var batchSize = keys.wholeNumber("batch_size", BatchForm.MAX_BATCH_SIZE);
        if (shape.isEmpty()) {
            if (!columns.isEmpty() || batchSize.isPresent()) {
                throw new BundleRejectedException((columns.isEmpty() ? "batch_size:" : "columns:")
                        + " applies to a main function that takes whole batches; add batch: rows or batch: dataframe");
            }
            return BatchForm.PER_ITEM;
        }
        BatchForm.Shape form = switch (shape.get()) {
            case "rows" -> BatchForm.Shape.ROWS;
            case "dataframe" -> BatchForm.Shape.DATAFRAME;
            default -> throw new BundleRejectedException("batch: must be rows or dataframe; got '" + shape.get() + "'");
        };
        return new BatchForm(form, columns, batchSize.orElse(BatchForm.DEFAULT_BATCH_SIZE));
    }

    private static List<String> columns(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        String rule = "columns: must be a list of distinct names, one per argument, for example [sepal_length, sepal_width]";
        if (!node.isArray() || node.isEmpty()) {
            throw new BundleRejectedException(rule);
        }
        List<String> columns = new ArrayList<>();
        for (JsonNode column : node) {
            if (!column.isTextual() || column.asText().isBlank()) {
                throw new BundleRejectedException(rule + "; got " + column);
            }
            // A name, like a dict key it must match, is kept exactly as written, spaces included.
            String name = column.asText();
            if (columns.contains(name)) {
                throw new BundleRejectedException("columns: names '" + name + "' twice");
            }
            columns.add(name);
        }
        return columns;
    }

    private boolean forRuntimeWithoutSection(ManifestKeys keys) {
        JsonNode runtime = keys.node("runtime");
        return runtime != null && runtime.isTextual() && !runtime.asText().isBlank()
                && !sections.containsKey(runtime.asText().strip());
    }

    private static List<DeployTest> tests(JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new BundleRejectedException("tests: must be a list of {args: [...], expect: ...}");
        }
        List<DeployTest> tests = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode test = node.get(i);
            String where = "tests[" + i + "]";
            if (!test.isObject()) {
                throw new BundleRejectedException(where + " must be a mapping with args: and expect:");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = test.fields(); it.hasNext(); ) {
                String key = it.next().getKey();
                if (!key.equals("args") && !key.equals("expect")) {
                    throw new BundleRejectedException(where + " has unknown key '" + key + "'; use args: and expect:");
                }
            }
            JsonNode args = test.get("args");
            if (args == null || !args.isArray()) {
                throw new BundleRejectedException(where + ".args must be the list of arguments, for example [10]");
            }
            List<JsonNode> argList = new ArrayList<>();
            args.forEach(argList::add);
            tests.add(new DeployTest(argList, Optional.ofNullable(test.get("expect"))));
        }
        return tests;
    }
}
