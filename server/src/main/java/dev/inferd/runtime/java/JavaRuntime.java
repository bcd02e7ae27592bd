package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.bundle.AtomicDirectory;
import dev.inferd.bundle.BatchForm;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.json.JsonMappers;
import dev.inferd.runtime.InvocationExecutor;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.ModelRuntime;
import dev.inferd.runtime.RuntimeKind;
import dev.inferd.runtime.ModelSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@code runtime: java}. Sources are compiled once per content hash into the build directory
 * (or copied from the {@link CompiledClassCache}, when the server has one);
 * each version gets a class loader whose parent is the platform loader, so user code sees the
 * JDK and its own jars, never the server's libraries.
 */
public final class JavaRuntime implements ModelRuntime {
    static final String NAME = "java";
    /** Batch items in flight per loaded version when --max-inflight-items is not given. */
    public static final long DEFAULT_INFLIGHT_ITEMS = 1_000_000;

    private final InvocationExecutor executor;
    private final int threads;
    private final JavaSourceCompiler compiler;
    private final Map<String, ConcurrencyGate> gates = new ConcurrentHashMap<>();

    /** Java main functions, run on the invocation threads, compiled classes kept in {@code --java-class-cache}. */
    public static final RuntimeKind KIND = new RuntimeKind(new JavaManifest(),
            parts -> new JavaRuntime(parts.invocationThreads(), parts.config().java().classCache()));

    /**
     * @param executor   runs every call; a deployment may use half of its threads at once
     * @param classCache where compiled classes are also kept for other data directories, if anywhere
     */
    public JavaRuntime(InvocationExecutor executor, Optional<Path> classCache) {
        this.executor = executor;
        this.threads = executor.getMaximumPoolSize();
        this.compiler = new JavaSourceCompiler(classCache.map(CompiledClassCache::new));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LoadedModel load(ModelSource source) {
        Path bundle = source.bundleDirectory();
        List<Path> jars = filesEndingWith(bundle, ".jar");
        List<Path> sources = filesEndingWith(bundle, ".java");
        if (jars.isEmpty() && sources.isEmpty()) {
            throw new BundleRejectedException("a java bundle needs .java sources or .jar files");
        }
        List<URL> classPath = new ArrayList<>();
        if (!sources.isEmpty()) {
            // Compiled once per content hash; a restart or a second deployment of the same bundle reuses it.
            Path classes = AtomicDirectory.createIfAbsent(source.buildDirectory().resolve("classes"),
                    output -> compiler.compile(bundle, source.contentHash(), sources, jars, output));
            classPath.add(toUrl(classes));
        }
        jars.forEach(jar -> classPath.add(toUrl(jar)));
        String loaderName = "inferd:" + source.label();
        URLClassLoader loader = new URLClassLoader(loaderName, classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        // A mapper per version: Jackson caches per type, and the cache must go away with the loader.
        ObjectMapper mapper = JsonMappers.forJavaBinding();
        try {
            return load(source, loader, mapper);
        } catch (RuntimeException e) {
            closeQuietly(loader);
            throw e;
        } catch (LinkageError e) {
            // Whatever resolve did not name itself (a class verifying badly, a missing dependency of
            // a dependency) is still the bundle's fault, so the deploy is refused with the reason.
            closeQuietly(loader);
            throw new BundleRejectedException("the main function's classes cannot be linked: " + e, e);
        }
    }

    private LoadedModel load(ModelSource source, URLClassLoader loader, ObjectMapper mapper) {
        String main = source.manifest().main();
        BatchForm batch = source.manifest().batch();
        ResultEncoder results = new ResultEncoder(mapper);
        int share = Math.max(1, threads / 2);
        return switch (batch.shape()) {
            case PER_ITEM -> {
                JavaMainMethod method = JavaMainMethod.resolve(main, loader, mapper, loader.getName());
                yield new JavaLoadedModel(version(source, loader, share), method, results, share);
            }
            case ROWS -> {
                JavaRowsMethod method = JavaRowsMethod.resolve(main, batch.columns(), loader, mapper, loader.getName());
                yield new JavaRowsModel(version(source, loader, share), method, results, share, batch.batchSize());
            }
            // JavaManifest refuses it; this is for a manifest read without the runtimes' sections.
            case DATAFRAME -> throw new BundleRejectedException("batch: dataframe is not available for runtime java; "
                    + "it takes batch: rows");
        };
    }

    private JavaVersion version(ModelSource source, URLClassLoader loader, int share) {
        ConcurrencyGate gate = gates.computeIfAbsent(source.deployment(), name -> new ConcurrencyGate(executor, share));
        return new JavaVersion(source.label(), loader, gate);
    }

    @Override
    public long inflightItems() {
        return DEFAULT_INFLIGHT_ITEMS;
    }

    @Override
    public Optional<String> failureLine(String message) {
        return JavaFailureMessages.oneLine(message);
    }

    private static List<Path> filesEndingWith(Path directory, String suffix) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static URL toUrl(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a file path is always a valid URL: " + path, e);
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // Closing only releases jar handles; the failure that led here is what matters.
        }
    }
}
