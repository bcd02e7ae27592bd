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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code serve --examples}: deploys every bundle directory under the examples folder. Unchanged
 * bundles are no-ops; one that cannot be deployed is logged and skipped, never fatal.
 */
public final class ExampleDeployer {
    private static final Logger log = LoggerFactory.getLogger(ExampleDeployer.class);

    private static final Pattern MISSING_PYTHON_MODULE = Pattern.compile("ModuleNotFoundError: No module named '([^']+)'");

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
     * @return how many examples are deployed (new or unchanged)
     */
    public int deployAll(Path examplesDirectory) {
        if (!Files.isDirectory(examplesDirectory)) {
            log.warn("no examples directory at {}; nothing to deploy", examplesDirectory.toAbsolutePath());
            return 0;
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService deploying = Executors.newFixedThreadPool(2,
                task -> new Thread(task, "inferd-examples-" + threads.incrementAndGet()));
        try {
            List<CompletableFuture<Boolean>> deploys = bundleDirectories(examplesDirectory).stream()
                    .map(directory -> CompletableFuture.supplyAsync(() -> deploy(directory), deploying))
                    .toList();
            return (int) deploys.stream().filter(CompletableFuture::join).count();
        } finally {
            deploying.shutdown();
        }
    }

    private boolean deploy(Path directory) {
        String fallbackName = directory.getFileName().toString();
        try {
            Bundle bundle = Bundle.of(BundleDirectory.read(directory), manifestParser);
            DeploymentName name = new DeploymentName(bundle.manifest().name().orElse(fallbackName));
            DeployResult result = registry.deploy(name, bundle);
            log.info("example {}: version {} ({})", name, result.version().number(),
                    result.created() ? "deployed" : "unchanged");
            return true;
        } catch (InferdException e) {
            log.warn("example {} skipped: {}", fallbackName, reason(e.getMessage()));
            log.debug("example {} could not be deployed:\n{}", fallbackName, e.getMessage());
            return false;
        }
    }

    /** One line for the log: the missing Python module if that is the cause, else the message's last line. */
    static String reason(String message) {
        Matcher missing = MISSING_PYTHON_MODULE.matcher(message);
        if (missing.find()) {
            return "it needs the Python module '" + missing.group(1) + "', which the Python interpreter cannot import";
        }
        return MessageLines.last(message);
    }

    private static List<Path> bundleDirectories(Path examplesDirectory) {
        try (Stream<Path> children = Files.list(examplesDirectory)) {
            return children.filter(BundleDirectory::looksLikeBundle).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + examplesDirectory, e);
        }
    }
}
