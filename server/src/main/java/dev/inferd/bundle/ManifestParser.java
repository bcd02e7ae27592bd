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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads {@code inferd.yaml} (YAML, or JSON, which is YAML too) into a {@link Manifest}. Unknown keys
 * are refused so that a misspelt {@code tets:} does not silently skip the deploy-time tests.
 */
public final class ManifestParser {
    private static final Set<String> KNOWN_KEYS =
            Set.of("name", "runtime", "main", "source", "python", "workers", "tests", "description", "rate_limit_per_minute");
    private static final Set<String> RUNTIMES = Set.of("python", "java", "onnx");
    private static final Pattern JAVA_MAIN = Pattern.compile(
            "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*"
                    + "#[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*");
    private static final Pattern PYTHON_MAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ObjectMapper yaml = new YAMLMapper();

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
        Set<String> unknown = new TreeSet<>();
        fields.fieldNames().forEachRemaining(key -> {
            if (!KNOWN_KEYS.contains(key)) {
                unknown.add(key);
            }
        });
        if (!unknown.isEmpty()) {
            throw new BundleRejectedException("unknown manifest key(s) " + unknown + "; known keys are " + new TreeSet<>(KNOWN_KEYS));
        }
        String runtime = requiredText(fields, "runtime");
        if (!RUNTIMES.contains(runtime)) {
            throw new BundleRejectedException("runtime must be one of python, java, onnx; got '" + runtime + "'");
        }
        String main = requiredText(fields, "main");
        if (runtime.equals("java") && !JAVA_MAIN.matcher(main).matches()) {
            throw new BundleRejectedException("a java main must look like com.example.Scorer#score; got '" + main + "'");
        }
        if (runtime.equals("python") && !PYTHON_MAIN.matcher(main).matches()) {
            throw new BundleRejectedException("a python main must be a function name; got '" + main + "'");
        }
        String source = optionalText(fields, "source").orElse(Manifest.DEFAULT_PYTHON_SOURCE);
        try {
            BundlePath.check(source);
        } catch (BundleRejectedException e) {
            throw new BundleRejectedException("source: " + e.getMessage());
        }
        return new Manifest(
                optionalText(fields, "name"),
                runtime,
                main,
                source,
                optionalText(fields, "python"),
                positiveInt(fields, "workers", 256),
                tests(fields),
                optionalText(fields, "description"),
                positiveInt(fields, "rate_limit_per_minute", Integer.MAX_VALUE));
    }

    private static String requiredText(ObjectNode fields, String key) {
        return optionalText(fields, key).orElseThrow(
                () -> new BundleRejectedException("the manifest needs " + key + ":"));
    }

    private static Optional<String> optionalText(ObjectNode fields, String key) {
        JsonNode node = fields.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new BundleRejectedException(key + ": must be a non-empty string");
        }
        return Optional.of(node.asText().strip());
    }

    private static OptionalInt positiveInt(ObjectNode fields, String key, int max) {
        JsonNode node = fields.get(key);
        if (node == null || node.isNull()) {
            return OptionalInt.empty();
        }
        if (!node.isNumber() || !node.canConvertToExactIntegral() || !node.canConvertToInt()
                || node.asInt() < 1 || node.asInt() > max) {
            throw new BundleRejectedException(key + ": must be a whole number from 1 to " + max + "; got " + node);
        }
        return OptionalInt.of(node.asInt());
    }

    private static List<DeployTest> tests(ObjectNode fields) {
        JsonNode node = fields.get("tests");
        if (node == null || node.isNull()) {
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
