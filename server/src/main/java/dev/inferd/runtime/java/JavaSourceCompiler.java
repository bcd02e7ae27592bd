package dev.inferd.runtime.java;

import dev.inferd.error.BundleRejectedException;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compiles a bundle's {@code .java} sources with the JDK's in-process compiler. The class path is
 * the bundle's jars and nothing else: compiling against the server's own libraries would succeed
 * here and then fail at run time in the version's isolated class loader. With a
 * {@link CompiledClassCache}, sources compiled before, for any data directory, are copied from it.
 */
final class JavaSourceCompiler {
    private static final int MAX_REPORTED_ERRORS = 20;
    /** Every option but the paths, which differ between data directories and do not change the classes. */
    private static final List<String> FLAGS = List.of("-encoding", "UTF-8", "-proc:none", "-parameters", "-g", "-nowarn");

    private final Optional<CompiledClassCache> cache;

    JavaSourceCompiler(Optional<CompiledClassCache> cache) {
        this.cache = cache;
    }

    /**
     * Fills the empty {@code outputDirectory} with the classes of {@code sources}, compiled against {@code jars}.
     *
     * @param contentHash the hash of every file under {@code bundleDirectory}, which names a cache entry
     */
    void compile(Path bundleDirectory, String contentHash, List<Path> sources, List<Path> jars, Path outputDirectory) {
        if (cache.isEmpty()) {
            javac(bundleDirectory, sources, jars, outputDirectory);
            return;
        }
        String key = CompiledClassCache.key(contentHash, FLAGS);
        if (cache.get().copyInto(key, outputDirectory)) {
            return;
        }
        javac(bundleDirectory, sources, jars, outputDirectory);
        cache.get().keep(key, outputDirectory);
    }

    private void javac(Path bundleDirectory, List<Path> sources, List<Path> jars, Path outputDirectory) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new BundleRejectedException("this server runs on a Java runtime without a compiler; "
                    + "deploy compiled .jar files or run the server on a JDK");
        }
        List<String> classPath = new ArrayList<>();
        classPath.add(outputDirectory.toString());
        jars.forEach(jar -> classPath.add(jar.toString()));
        List<String> options = new ArrayList<>(List.of(
                "-d", outputDirectory.toString(),
                "-classpath", String.join(File.pathSeparator, classPath)));
        options.addAll(FLAGS);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter compilerOutput = new StringWriter();
        boolean compiled;
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            compiled = compiler.getTask(compilerOutput, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compile Java sources", e);
        }
        if (!compiled) {
            throw new BundleRejectedException("Java compilation failed:\n" + describeErrors(bundleDirectory, diagnostics, compilerOutput));
        }
    }

    private static String describeErrors(Path bundleDirectory, DiagnosticCollector<JavaFileObject> diagnostics,
                                         StringWriter compilerOutput) {
        List<String> errors = diagnostics.getDiagnostics().stream()
                .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                .limit(MAX_REPORTED_ERRORS)
                .map(diagnostic -> describe(bundleDirectory, diagnostic))
                .collect(Collectors.toList());
        if (errors.isEmpty()) {
            return compilerOutput.toString().strip();
        }
        long total = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).count();
        String summary = total == 1 ? "1 error" : total + " errors";
        return String.join("\n", errors) + "\n" + summary;
    }

    /** In javac's own layout, with paths relative to the bundle so server directories stay private. */
    private static String describe(Path bundleDirectory, Diagnostic<? extends JavaFileObject> diagnostic) {
        String where = "";
        if (diagnostic.getSource() != null) {
            Path source = Path.of(diagnostic.getSource().toUri());
            String relative = source.startsWith(bundleDirectory)
                    ? bundleDirectory.relativize(source).toString()
                    : source.getFileName().toString();
            where = relative + ":" + diagnostic.getLineNumber() + ": ";
        }
        StringBuilder text = new StringBuilder(where).append("error: ").append(diagnostic.getMessage(Locale.ROOT));
        if (diagnostic.getSource() != null && diagnostic.getLineNumber() > 0) {
            try {
                String line = diagnostic.getSource().getCharContent(true).toString()
                        .lines().skip(diagnostic.getLineNumber() - 1).findFirst().orElse("");
                text.append('\n').append(line);
                if (diagnostic.getColumnNumber() > 0) {
                    text.append('\n').append(" ".repeat((int) diagnostic.getColumnNumber() - 1)).append('^');
                }
            } catch (IOException ignored) {
                // The location alone still tells the deployer where to look.
            }
        }
        return text.toString();
    }
}
