package dev.inferd.bench.micro;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.api.http.ProtocolBodies;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.config.ServerConfig;
import dev.inferd.invoke.CallPlan;
import dev.inferd.invoke.ChunkPolicy;
import dev.inferd.invoke.Deadlines;
import dev.inferd.invoke.InferenceRequest;
import dev.inferd.invoke.InvocationResult;
import dev.inferd.invoke.InvocationService;
import dev.inferd.json.JsonMappers;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.ModelSource;
import dev.inferd.runtime.java.JavaRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * What the server does with an inference request between reading its body and writing its answer,
 * wired as {@code Main} wires it, around the {@code java_doubler} example compiled from
 * {@code examples/} (the directory is the system property {@code inferd.examples}, default
 * {@code examples}, so run the benchmarks from the repository's root). Left out: HTTP, admission,
 * rate limits, metrics and the request log.
 */
final class DoublerPipeline implements AutoCloseable {
    private final ServerConfig config = ServerConfig.builder().build();
    private final ExecutorService invocationThreads = Executors.newFixedThreadPool(config.invocationThreads(), daemon());
    private final Deadlines deadlines = new Deadlines(daemon());
    private final Path buildDirectory;
    private final ProtocolBodies bodies;
    private final LoadedModel doubler;
    private final InvocationService invocation;

    DoublerPipeline() {
        ObjectMapper json = JsonMappers.forRequests(config.jsonLimits());
        bodies = new ProtocolBodies(config, json, invocationThreads);
        invocation = new InvocationService(new ChunkPolicy(config.minChunkSize(), config.invocationThreads()), deadlines);
        Path example = Path.of(System.getProperty("inferd.examples", "examples")).resolve("java_doubler");
        try {
            buildDirectory = Files.createTempDirectory("inferd-micro-");
            byte[] manifest = Files.readAllBytes(example.resolve("inferd.yaml"));
            doubler = new JavaRuntime(invocationThreads, config.invocationThreads()).load(new ModelSource(
                    "java_doubler", 1, new ManifestParser().parse(manifest), example, buildDirectory));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the java_doubler example under " + example.toAbsolutePath()
                    + "; run the benchmarks from the repository's root", e);
        }
    }

    InferenceRequest decode(byte[] body) {
        return bodies.decode(body);
    }

    CallPlan plan(InferenceRequest request) {
        return CallPlan.of(request.data(), request.batchMode(), doubler.arity());
    }

    InvocationResult run(CallPlan plan) {
        return invocation.invoke(doubler, plan, config.defaultTimeout()).join();
    }

    byte[] encode(InvocationResult result) {
        return bodies.encode(result);
    }

    /** The whole of it: body in, answer out. */
    byte[] answer(byte[] body) {
        return encode(run(plan(decode(body))));
    }

    @Override
    public void close() throws IOException {
        doubler.close();
        deadlines.close();
        invocationThreads.shutdownNow();
        try (Stream<Path> files = Files.walk(buildDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        };
    }
}
