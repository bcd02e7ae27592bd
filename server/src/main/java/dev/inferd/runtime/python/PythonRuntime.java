package dev.inferd.runtime.python;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.inferd.config.PythonSettings;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.ModelRuntime;
import dev.inferd.runtime.RuntimeKind;
import dev.inferd.runtime.ModelSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;

/**
 * {@code runtime: python}: each loaded version is a pool of worker processes running the bundled,
 * standard-library-only worker script under the configured interpreter (or the bundle's own
 * {@code python:}). The first worker imports the bundle during the deploy, so import errors and a
 * missing main function fail the deploy with Python's message.
 */
public final class PythonRuntime implements ModelRuntime {
    static final String NAME = "python";
    /** Batch items in flight per loaded version when --max-inflight-items is not given. */
    public static final long DEFAULT_INFLIGHT_ITEMS = 200_000;
    private static final String WORKER_RESOURCE = "/python/inferd_worker.py";

    /** The interpreter and worker count of bundles that name none, and how long a worker may take to start. */
    private final PythonSettings settings;
    private final Path workerScript;
    private final ScheduledExecutorService restarts;
    private final Executor spareWorkerStarts;
    private final BiConsumer<String, String> onWorkerRestart;
    private final ObjectMapper frames;

    /** Python main functions, run in worker processes of their own. */
    public static final RuntimeKind KIND = new RuntimeKind(new PythonManifest(),
            parts -> new PythonRuntime(parts.config().python(), parts.workDirectory(), parts.timer(), parts.afterListening(),
                    parts.onWorkerRestart()));

    /**
     * @param spareWorkerStarts starts each version's workers after its first, which alone decides the load
     * @param onWorkerRestart   told (deployment, version) each time a worker is replaced
     */
    public PythonRuntime(PythonSettings settings, Path workDirectory,
                         ScheduledExecutorService restarts, Executor spareWorkerStarts,
                         BiConsumer<String, String> onWorkerRestart) {
        this.settings = settings;
        this.workerScript = installWorkerScript(workDirectory);
        this.restarts = restarts;
        this.spareWorkerStarts = spareWorkerStarts;
        this.onWorkerRestart = onWorkerRestart;
        this.frames = frameMapper();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LoadedModel load(ModelSource source) {
        PythonManifest.Options options = PythonManifest.Options.of(source.manifest().runtimeKeys());
        if (!Files.isRegularFile(source.bundleDirectory().resolve(options.source()))) {
            throw new BundleRejectedException("the bundle has no " + options.source() + " (the manifest's source:)");
        }
        WorkerLaunch launch = new WorkerLaunch(source.label(), options.python().orElse(settings.executable()), workerScript,
                source.bundleDirectory(), options.source(), source.manifest().main(), source.manifest().batch(),
                settings.startTimeout());
        return new PythonWorkerPool(launch, options.workers().orElse(settings.workers()), frames, restarts,
                spareWorkerStarts, () -> onWorkerRestart.accept(source.deployment(), Integer.toString(source.version())));
    }

    @Override
    public long inflightItems() {
        return DEFAULT_INFLIGHT_ITEMS;
    }

    @Override
    public Optional<String> failureLine(String message) {
        return PythonFailureMessages.oneLine(message);
    }

    /**
     * Writes the worker script from the server's resources into the work directory, where the
     * interpreter can run it; rewritten at every start so an upgraded server never runs an old one.
     */
    private static Path installWorkerScript(Path workDirectory) {
        Path target = workDirectory.resolve("python").resolve("inferd_worker.py");
        try (InputStream script = PythonRuntime.class.getResourceAsStream(WORKER_RESOURCE)) {
            if (script == null) {
                throw new IllegalStateException("the server jar lacks " + WORKER_RESOURCE);
            }
            Files.createDirectories(target.getParent());
            Path fresh = Files.createTempFile(target.getParent(), "inferd_worker", ".py");
            Files.copy(script, fresh, StandardCopyOption.REPLACE_EXISTING);
            Files.move(fresh, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the Python worker script at " + target, e);
        }
    }

    /**
     * Reads worker frames. Python writes NaN and infinities as bare tokens, which are accepted here
     * and written back as null; the limits are generous because results may be large.
     */
    private static ObjectMapper frameMapper() {
        JsonFactory factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(10_000)
                        .maxStringLength(FrameChannel.MAX_FRAME_BYTES)
                        .maxNumberLength(100_000)
                        .build())
                .build();
        return JsonMapper.builder(factory).build();
    }
}
