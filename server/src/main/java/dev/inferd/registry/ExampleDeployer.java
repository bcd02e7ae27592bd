package dev.inferd.registry;

import dev.inferd.bundle.Bundle;
import dev.inferd.bundle.BundleDirectory;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.error.InferdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code serve --examples}: deploys every bundle directory under the examples folder. Unchanged
 * bundles are no-ops; one that cannot be deployed is logged and skipped, never fatal.
 */
public final class ExampleDeployer {
    private static final Logger log = LoggerFactory.getLogger(ExampleDeployer.class);

    private final DeploymentRegistry registry;
    private final ManifestParser manifestParser;

    public ExampleDeployer(DeploymentRegistry registry, ManifestParser manifestParser) {
        this.registry = registry;
        this.manifestParser = manifestParser;
    }

    /** @return how many examples are deployed (new or unchanged) */
    public int deployAll(Path examplesDirectory) {
        if (!Files.isDirectory(examplesDirectory)) {
            log.warn("no examples directory at {}; nothing to deploy", examplesDirectory.toAbsolutePath());
            return 0;
        }
        int deployed = 0;
        for (Path directory : bundleDirectories(examplesDirectory)) {
            String fallbackName = directory.getFileName().toString();
            try {
                Bundle bundle = Bundle.of(BundleDirectory.read(directory), manifestParser);
                DeploymentName name = new DeploymentName(bundle.manifest().name().orElse(fallbackName));
                DeployResult result = registry.deploy(name, bundle);
                log.info("example {}: version {} ({})", name, result.version().number(),
                        result.created() ? "deployed" : "unchanged");
                deployed++;
            } catch (InferdException e) {
                log.warn("example {} skipped: {}", fallbackName, e.getMessage());
            }
        }
        return deployed;
    }

    private static List<Path> bundleDirectories(Path examplesDirectory) {
        try (Stream<Path> children = Files.list(examplesDirectory)) {
            return children.filter(BundleDirectory::looksLikeBundle).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + examplesDirectory, e);
        }
    }
}
