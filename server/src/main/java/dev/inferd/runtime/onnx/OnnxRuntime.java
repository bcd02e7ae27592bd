package dev.inferd.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.inferd.config.OnnxSettings;
import dev.inferd.config.OnnxSettings.ExecutionProvider;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.runtime.InvocationExecutor;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.ModelRuntime;
import dev.inferd.runtime.ModelSource;
import dev.inferd.runtime.RuntimeKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code runtime: onnx}: each loaded version is an ONNX Runtime session over the bundle's model
 * file, run on the server's invocation threads. The environment, which loads ONNX Runtime's native
 * library, is made when the first model loads, so a server that serves none never pays for it.
 */
public final class OnnxRuntime implements ModelRuntime {
    static final String NAME = "onnx";
    /** Batch items in flight per loaded version when --max-inflight-items is not given. */
    public static final long DEFAULT_INFLIGHT_ITEMS = 1_000_000;

    /** ONNX models, run in this JVM by ONNX Runtime on the invocation threads. */
    public static final RuntimeKind KIND = new RuntimeKind(new OnnxManifest(),
            parts -> new OnnxRuntime(parts.invocationThreads(), parts.config().onnx()));

    /** What the CUDA provider needs, for the deployer who asked for it where it cannot be had. */
    private static final String CUDA_NEEDS = "CUDA needs the server built with ONNX Runtime's GPU package (Maven profile -Pgpu)"
            + " on a machine with an NVIDIA GPU, CUDA 12 and cuDNN 9";

    private final InvocationExecutor runs;
    private final OnnxSettings settings;
    private final int defaultIntraOpThreads;

    /**
     * @param runs     where model runs wait for their results; a version may use half of its threads at once
     * @param settings the execution provider of models whose manifest does not name one
     */
    public OnnxRuntime(InvocationExecutor runs, OnnxSettings settings) {
        this.runs = runs;
        this.settings = settings;
        // Chunks of different calls already run side by side on the invocation threads; one run
        // taking every core as well would only make them take turns.
        this.defaultIntraOpThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LoadedModel load(ModelSource source) {
        String model = source.manifest().main();
        Path file = source.bundleDirectory().resolve(model);
        if (!Files.isRegularFile(file)) {
            throw new BundleRejectedException("the bundle has no " + model + " (the manifest's model:)");
        }
        OnnxManifest.Options options = OnnxManifest.Options.of(source.manifest().runtimeKeys());
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads().orElse(defaultIntraOpThreads));
            if (options.executionProvider().orElse(settings.executionProvider()) == ExecutionProvider.CUDA) {
                addCuda(sessionOptions, options.executionProvider().isPresent()
                        ? "onnx.execution_provider: cuda"
                        : "the server's --onnx-execution-provider is cuda");
            }
            session = environment.createSession(file.toString(), sessionOptions);
        } catch (OrtException e) {
            throw new BundleRejectedException("ONNX Runtime cannot load " + model + ": "
                    + e.getMessage().replace(source.bundleDirectory().toAbsolutePath() + "/", ""));
        }
        try {
            List<TensorSpec> inputs = specs("input", session.getInputInfo());
            List<TensorSpec> outputs = specs("output", session.getOutputInfo());
            int share = Math.max(1, runs.getMaximumPoolSize() / 2);
            return new OnnxLoadedModel(source.label(), environment, session, inputs, outputs, runs, share);
        } catch (OrtException | RuntimeException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // The reason the model cannot be served is what the deployer needs.
            }
            if (e instanceof BundleRejectedException rejected) {
                throw rejected;
            }
            throw new BundleRejectedException("ONNX Runtime cannot describe " + model + ": " + e.getMessage());
        }
    }

    /**
     * Asks for the CUDA provider (the first GPU; CUDA_VISIBLE_DEVICES picks another), which ONNX
     * Runtime refuses on its CPU package, or where CUDA or cuDNN cannot be loaded. Either way the
     * deploy must fail saying what is missing, not run the model on the CPU unasked.
     *
     * @param asked where the choice of CUDA came from, for the message
     */
    private static void addCuda(OrtSession.SessionOptions sessionOptions, String asked) {
        try {
            sessionOptions.addCUDA(0);
        } catch (OrtException e) {
            // The CPU package lists no CUDA provider; the GPU package lists it whether or not the
            // machine has what it loads, so its failure is the machine's.
            boolean built = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
            throw new BundleRejectedException(asked + ", but "
                    + (built ? "ONNX Runtime cannot start its CUDA provider" : "this server's ONNX Runtime build has no CUDA provider")
                    + " (ONNX Runtime: " + e.getMessage() + "); " + CUDA_NEEDS + "; or deploy with onnx: {execution_provider: cpu}");
        }
    }

    private static List<TensorSpec> specs(String kind, Map<String, NodeInfo> nodes) {
        List<TensorSpec> specs = new ArrayList<>();
        nodes.values().forEach(node -> specs.add(TensorSpec.of(kind, node)));
        return specs;
    }

    @Override
    public long inflightItems() {
        return DEFAULT_INFLIGHT_ITEMS;
    }
}
