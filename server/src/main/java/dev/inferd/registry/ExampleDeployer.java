package dev.inferd.registry;

import dev.inferd.bundle.BundleUpload;
import dev.inferd.bundle.BundleDirectory;
import dev.inferd.bundle.Manifest;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.error.InferdException;
import dev.inferd.runtime.ModelRuntimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * {@code serve --examples}: deploys every bundle directory under the examples folder. Unchanged
 * bundles are no-ops; one that cannot be deployed is logged and skipped, never fatal: the server
 * serves the rest, and {@code /readyz} names what is missing.
 */
public final class ExampleDeployer {
    private static final Logger log = LoggerFactory.getLogger(ExampleDeployer.class);

    private final DeploymentRegistry registry;
    private final ManifestParser manifestParser;
    private final ModelRuntimes runtimes;

    /** @param runtimes the runtimes that sum up their own failures in one line */
    public ExampleDeployer(DeploymentRegistry registry, ManifestParser manifestParser, ModelRuntimes runtimes) {
        this.registry = registry;
        this.manifestParser = manifestParser;
        this.runtimes = runtimes;
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
            Manifest manifest = manifestParser.parse(Files.readAllBytes(directory.resolve(Manifest.FILE_NAME)));
            DeploymentName name = new DeploymentName(manifest.name().orElse(fallbackName));
            DeployResult result = registry.deploy(name, new BundleUpload.InMemory(BundleDirectory.read(directory)));
            log.info("example {}: version {} ({})", name, result.version().number(),
                    result.created() ? "deployed" : "unchanged");
            return null;
        } catch (InferdException e) {
            String reason = reason(e.getMessage(), runtimes::failureLine);
            log.warn("example {} skipped: {}", fallbackName, reason);
            log.debug("example {} could not be deployed:\n{}", fallbackName, e.getMessage());
            return reason;
        } catch (IOException | RuntimeException e) {
            // An unreadable folder, say: still one example, not the whole start.
            log.warn("example {} skipped: it could not be read or deployed", fallbackName, e);
            // The message may name server paths, and /readyz is open to anyone who reaches the port.
            return "it could not be read or deployed (" + e.getClass().getSimpleName() + "); the server log has the detail";
        }
    }

    /**
     * One line for the log and {@code /readyz}: the runtime's own line for a failure it wrote (the
     * exception after a trace, say); else the message's first line, with the line after it when it
     * ends in a colon (so a compile failure names its first error).
     */
    static String reason(String message, Function<String, Optional<String>> runtimeLine) {
        return runtimeLine.apply(message).orElseGet(() -> {
            String[] lines = message.strip().split("\n", 3);
            String first = lines[0].strip();
            return first.endsWith(":") && lines.length > 1 ? first + " " + lines[1].strip() : first;
        });
    }

    private static List<Path> bundleDirectories(Path examplesDirectory) {
        try (Stream<Path> children = Files.list(examplesDirectory)) {
            return children.filter(BundleDirectory::looksLikeBundle).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + examplesDirectory, e);
        }
    }
}
