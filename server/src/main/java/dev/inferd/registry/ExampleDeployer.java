package dev.inferd.registry;

import dev.inferd.bundle.Bundle;
import dev.inferd.bundle.BundleDirectory;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.error.InferdException;
import dev.inferd.error.MessageLines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code serve --examples}: deploys every bundle directory under the examples folder. Unchanged
 * bundles are no-ops; one that cannot be deployed is logged and skipped, never fatal: the server
 * serves the rest, and {@code /readyz} names what is missing.
 */
public final class ExampleDeployer {
    private static final Logger log = LoggerFactory.getLogger(ExampleDeployer.class);

    private static final String PYTHON_TRACEBACK = "Traceback (most recent call last)";
    /** How a frame of a Java failure starts (JavaFailureMessages writes the frames, then the exception). */
    private static final String JAVA_FRAME = "\n  at ";
    private static final Pattern MISSING_PYTHON_MODULE = Pattern.compile("ModuleNotFoundError: No module named '([^']+)'");
    /** How PythonWorker names the interpreter that could not import a bundle. */
    private static final Pattern PYTHON_INTERPRETER = Pattern.compile("^cannot load .+? with (.+ \\(Python [^)]*\\)):$", Pattern.MULTILINE);

    private final DeploymentRegistry registry;
    private final ManifestParser manifestParser;

    public ExampleDeployer(DeploymentRegistry registry, ManifestParser manifestParser) {
        this.registry = registry;
        this.manifestParser = manifestParser;
    }

    /**
     * Deploys the examples two at a time: compiling Java and starting Python workers leave a core
     * idle while they wait, and a start with examples should not take their sum.
     *
     * @return each example that could not be deployed, by its folder's name, with the reason in one
     *         line; empty when all are deployed (new or unchanged)
     */
    public SortedMap<String, String> deployAll(Path examplesDirectory) {
        if (!Files.isDirectory(examplesDirectory)) {
            // Nothing was asked for by name, so nothing is missing: readiness is not held up.
            log.warn("no examples directory at {}; nothing to deploy", examplesDirectory.toAbsolutePath());
            return new TreeMap<>();
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService deploying = Executors.newFixedThreadPool(2,
                task -> new Thread(task, "inferd-examples-" + threads.incrementAndGet()));
        try {
            List<Path> directories = bundleDirectories(examplesDirectory);
            List<CompletableFuture<String>> deploys = directories.stream()
                    .map(directory -> CompletableFuture.supplyAsync(() -> deploy(directory), deploying))
                    .toList();
            SortedMap<String, String> notDeployed = new TreeMap<>();
            for (int i = 0; i < directories.size(); i++) {
                String failure = deploys.get(i).join();
                if (failure != null) {
                    notDeployed.put(directories.get(i).getFileName().toString(), failure);
                }
            }
            return notDeployed;
        } finally {
            deploying.shutdown();
        }
    }

    /** Null once the example is deployed, else why not, in one line. */
    private String deploy(Path directory) {
        String fallbackName = directory.getFileName().toString();
        try {
            Bundle bundle = Bundle.of(BundleDirectory.read(directory), manifestParser);
            DeploymentName name = new DeploymentName(bundle.manifest().name().orElse(fallbackName));
            DeployResult result = registry.deploy(name, bundle);
            log.info("example {}: version {} ({})", name, result.version().number(),
                    result.created() ? "deployed" : "unchanged");
            return null;
        } catch (InferdException e) {
            String reason = reason(e.getMessage());
            log.warn("example {} skipped: {}", fallbackName, reason);
            log.debug("example {} could not be deployed:\n{}", fallbackName, e.getMessage());
            return reason;
        } catch (RuntimeException e) {
            // An unreadable folder, say: still one example, not the whole start.
            log.warn("example {} skipped: it could not be read or deployed", fallbackName, e);
            // The message may name server paths, and /readyz is open to anyone who reaches the port.
            return "it could not be read or deployed (" + e.getClass().getSimpleName() + "); the server log has the detail";
        }
    }

    /**
     * One line for the log and {@code /readyz}: the missing Python module and the interpreter that
     * lacks it if that is the cause; for
     * another Python or Java failure the line that says what failed and the exception's line,
     * {@code Type: message}, which comes after the frames; else the message's
     * first line, with the line after it when it ends in a colon (so a compile failure names its
     * first error).
     */
    static String reason(String message) {
        Matcher missing = MISSING_PYTHON_MODULE.matcher(message);
        if (missing.find()) {
            Matcher interpreter = PYTHON_INTERPRETER.matcher(message);
            return "it needs the Python module '" + missing.group(1) + "', which "
                    + (interpreter.find() ? "the interpreter " + interpreter.group(1) : "the Python interpreter")
                    + " cannot import (install it there, or give serve --python an interpreter that has it)";
        }
        String[] lines = message.strip().split("\n", 3);
        String first = lines[0].strip();
        if (message.contains(PYTHON_TRACEBACK) || message.contains(JAVA_FRAME)) {
            // What failed (the load, a deploy-time test), then the exception's own Type: message,
            // which both runtimes put last, after the frames.
            String last = MessageLines.last(message);
            boolean traceFirst = first.startsWith(PYTHON_TRACEBACK) || first.startsWith(JAVA_FRAME.strip());
            return traceFirst ? last : withoutColon(first) + ": " + last;
        }
        return first.endsWith(":") && lines.length > 1 ? first + " " + lines[1].strip() : first;
    }

    private static String withoutColon(String line) {
        return line.endsWith(":") ? line.substring(0, line.length() - 1) : line;
    }

    private static List<Path> bundleDirectories(Path examplesDirectory) {
        try (Stream<Path> children = Files.list(examplesDirectory)) {
            return children.filter(BundleDirectory::looksLikeBundle).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + examplesDirectory, e);
        }
    }
}
