package dev.inferd.bench.micro;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.api.http.ProtocolBodies;
import dev.inferd.bundle.AtomicDirectory;
import dev.inferd.bundle.Bundle;
import dev.inferd.bundle.BundleDirectory;
import dev.inferd.bundle.BundleUpload;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.bundle.UnpackedBundles;
import dev.inferd.config.ServerConfig;
import dev.inferd.invoke.CallPlan;
import dev.inferd.invoke.ChunkPolicy;
import dev.inferd.invoke.Deadlines;
import dev.inferd.invoke.InferenceRequest;
import dev.inferd.invoke.InvocationResult;
import dev.inferd.invoke.InvocationService;
import dev.inferd.json.JsonMappers;
import dev.inferd.runtime.InvocationExecutor;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.ModelSource;
import dev.inferd.runtime.java.JavaRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the server does with an inference request between reading its body and writing its answer,
 * wired as {@code Main} wires it, around the {@code java_doubler} example compiled from
 * {@code examples/} (the directory is the system property {@code inferd.examples}, default
 * {@code examples}, so run the benchmarks from the repository's root); other Java examples load on
 * request. Left out: HTTP, admission, rate limits, metrics and the request log.
 */
final class DoublerPipeline implements AutoCloseable {
    private final ServerConfig config = ServerConfig.DEFAULTS;
    private final InvocationExecutor invocationThreads = new InvocationExecutor(config.invocation().threads(),
            config.invocation().queueLength(), "inferd-invoke-");
    private final Deadlines deadlines = new Deadlines(daemon());
    private final Path buildDirectory;
    private final ProtocolBodies bodies;
    private final JavaRuntime java = new JavaRuntime(invocationThreads, config.java().classCache());
    private final List<LoadedModel> loaded = new ArrayList<>();
    private final LoadedModel doubler;
    private final InvocationService invocation;

    DoublerPipeline() {
        ObjectMapper json = JsonMappers.forRequests(config.limits().jsonLimits());
        bodies = new ProtocolBodies(config.timeouts(), json, invocationThreads);
        invocation = new InvocationService(new ChunkPolicy(config.invocation().minChunkSize(), config.invocation().threads()), deadlines);
        try {
            buildDirectory = Files.createTempDirectory("inferd-micro-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            doubler = load("java_doubler");
        } catch (RuntimeException e) {
            // JMH does not tear down what a failed set-up made.
            closeQuietly(e);
            throw e;
        }
    }

    /** Closes after a failed set-up, keeping the set-up's failure as the one reported. */
    void closeQuietly(RuntimeException failure) {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** A Java example from {@code examples/}, compiled. */
    LoadedModel load(String example) {
        Path directory = Path.of(System.getProperty("inferd.examples", "examples")).resolve(example);
        try {
            Bundle bundle = new UnpackedBundles(buildDirectory.resolve("bundles"), Long.MAX_VALUE, new ManifestParser())
                    .unpack(new BundleUpload.InMemory(BundleDirectory.read(directory)));
            LoadedModel model = java.load(new ModelSource(example, 1, bundle.manifest(), bundle.directory(),
                    Files.createDirectories(buildDirectory.resolve(example)), bundle.contentHash()));
            loaded.add(model);
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + example + " example under " + directory.toAbsolutePath()
                    + "; run the benchmarks from the repository's root", e);
        }
    }

    /** The answer of another loaded example to {@code body}. */
    byte[] answer(LoadedModel model, byte[] body) {
        InferenceRequest request = decode(body);
        return encode(run(model, CallPlan.of(request.data(), request.batchMode(), "the main function", model.arity())));
    }

    private InvocationResult run(LoadedModel model, CallPlan plan) {
        return invocation.invoke(model, plan, config.timeouts().defaultTimeout(), new CompletableFuture<>()).join();
    }

    InferenceRequest decode(byte[] body) {
        return bodies.decode(body);
    }

    CallPlan plan(InferenceRequest request) {
        return CallPlan.of(request.data(), request.batchMode(), "the main function", doubler.arity());
    }

    InvocationResult run(CallPlan plan) {
        return run(doubler, plan);
    }

    byte[] encode(InvocationResult result) {
        return bodies.encode(result);
    }

    /** The whole of it: body in, answer out. */
    byte[] answer(byte[] body) {
        return answer(doubler, body);
    }

    @Override
    public void close() throws IOException {
        loaded.forEach(LoadedModel::close);
        deadlines.close();
        invocationThreads.shutdownNow();
        AtomicDirectory.deleteRecursively(buildDirectory);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        };
    }
}
