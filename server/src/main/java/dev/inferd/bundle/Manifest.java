package dev.inferd.bundle;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A bundle's {@code inferd.yaml}, checked. {@code main} is a function name in {@code source} for
 * Python, {@code Class#method} for Java.
 *
 * @param name        the deployment name the CLI deploys to; the server uses the URL's name
 * @param python      interpreter override for Python bundles
 * @param workers     Python worker processes per loaded version
 * @param rateLimitPerMinute items the deployment may serve per calendar minute, across its versions
 */
public record Manifest(
        Optional<String> name,
        String runtime,
        String main,
        String source,
        Optional<String> python,
        OptionalInt workers,
        List<DeployTest> tests,
        Optional<String> description,
        OptionalInt rateLimitPerMinute) {

    public static final String FILE_NAME = "inferd.yaml";
    public static final String DEFAULT_PYTHON_SOURCE = "source.py";

    public Manifest {
        tests = List.copyOf(tests);
    }
}
