package dev.inferd.bundle;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A bundle's {@code inferd.yaml}, checked. The common keys are fields; the keys a runtime reads
 * ({@code source:}, {@code python:}, {@code workers:} for Python) are in {@code runtimeKeys}, for
 * that runtime to read through its {@link ManifestSection}. {@code main} is in the runtime's form.
 *
 * @param name               the deployment name the CLI deploys to; the server uses the URL's name
 * @param rateLimitPerMinute items the deployment may serve per calendar minute, across its versions
 * @param batch              whether the main function takes an item per call or many
 * @param batching           whether concurrent calls are merged into one run, as written; empty when
 *                           the manifest does not say, which leaves it to the model ({@link Batching#DEFAULT}
 *                           for one that takes whole batches)
 * @param runtimeKeys        every key that is not a common one
 */
public record Manifest(
        Optional<String> name,
        String runtime,
        String main,
        List<DeployTest> tests,
        Optional<String> description,
        OptionalInt rateLimitPerMinute,
        BatchForm batch,
        Optional<Batching> batching,
        ManifestKeys runtimeKeys) {

    public static final String FILE_NAME = "inferd.yaml";

    public Manifest {
        tests = List.copyOf(tests);
    }
}
