package dev.inferd.runtime.java;

import dev.inferd.bundle.BundleZip;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/** A zipped bundle that carries compiled {@code .jar} files deploys and runs like one of sources. */
class JavaJarBundlesDeployTest {
    @TempDir
    static Path scratch;
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void aBundleOfOnlyAJarDeploysAndAnswers() {
        byte[] jar = jar("scorer", Map.of(
                "com/example/Scorer.java", "package com.example;\n"
                        + "public class Scorer {\n"
                        + "  public static Result score(int x) { return new Result(Weights.scale() * x, \"jar\"); }\n"
                        + "}\n",
                "com/example/Weights.java", "package com.example;\n"
                        + "final class Weights { static int scale() { return 3; } }\n",
                "com/example/Result.java", "package com.example;\n"
                        + "public record Result(int value, String source) { }\n"));

        HttpAnswer deployed = deployZip("jar_only", Map.of(
                "inferd.yaml", "runtime: java\nmain: com.example.Scorer#score\n",
                "lib/x.jar", jar));

        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
        assertThat(deployed.json().path("version").asInt()).isEqualTo(1);
        assertThat(server.call("jar_only", "14").body()).isEqualTo("{\"data\":{\"value\":42,\"source\":\"jar\"}}");
        assertThat(server.call("jar_only", "[[2, 2], [1, 1]]").body())
                .isEqualTo("{\"data\":[[1,{\"value\":3,\"source\":\"jar\"}],[2,{\"value\":6,\"source\":\"jar\"}]]}");
    }

    @Test
    void sourcesInTheBundleCompileAgainstItsJars() {
        byte[] jar = jar("tokenizer", Map.of(
                "lib/text/Tokenizer.java", "package lib.text;\n"
                        + "public final class Tokenizer {\n"
                        + "  public static String[] split(String s) { return s.trim().split(\"\\\\s+\"); }\n"
                        + "}\n"));

        HttpAnswer deployed = deployZip("jar_with_sources", Map.of(
                "inferd.yaml", "runtime: java\nmain: app.Counter#count\n",
                "lib/tokenizer.jar", jar,
                "src/app/Counter.java", ("package app;\n"
                        + "public class Counter {\n"
                        + "  public static int count(String text) { return lib.text.Tokenizer.split(text).length; }\n"
                        + "}\n").getBytes(StandardCharsets.UTF_8)));

        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(201);
        assertThat(server.call("jar_with_sources", "\"the quick  brown fox\"").body()).isEqualTo("{\"data\":4}");
    }

    @Test
    void aJarMainThatDoesNotExistIsRefusedWithoutAVersion() {
        byte[] jar = jar("other", Map.of(
                "com/example/Other.java", "package com.example;\n"
                        + "public class Other { public static int apply(int x) { return x; } }\n"));

        HttpAnswer deployed = deployZip("jar_missing_main", Map.of(
                "inferd.yaml", "runtime: java\nmain: com.example.Missing#apply\n",
                "lib/x.jar", jar));

        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(400);
        assertThat(deployed.errorCode()).isEqualTo("bad_request");
        assertThat(deployed.errorMessage()).contains("com.example.Missing");
        NotDeployed.assertNotDeployed(server, "jar_missing_main");
    }

    @Test
    void twoVersionsOfAJarWithTheSameClassesAnswerTheirOwnBehaviour() {
        String template = "package com.example;\npublic class Model { public static String predict(int x) { return \"%s\" + x; } }\n";
        deployZip("jar_versions", Map.of(
                "inferd.yaml", "runtime: java\nmain: com.example.Model#predict\n",
                "lib/model.jar", jar("model1", Map.of("com/example/Model.java", template.formatted("one:")))));
        deployZip("jar_versions", Map.of(
                "inferd.yaml", "runtime: java\nmain: com.example.Model#predict\n",
                "lib/model.jar", jar("model2", Map.of("com/example/Model.java", template.formatted("two:")))));

        assertThat(server.call("jar_versions/1", "5").body()).isEqualTo("{\"data\":\"one:5\"}");
        assertThat(server.call("jar_versions/2", "5").body()).isEqualTo("{\"data\":\"two:5\"}");
    }

    private static HttpAnswer deployZip(String name, Map<String, Object> files) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((path, content) -> bytes.put(path,
                content instanceof byte[] raw ? raw : content.toString().getBytes(StandardCharsets.UTF_8)));
        return server.post("/api/deployments/" + name + "/versions", "application/zip", BundleZip.write(bytes));
    }

    /** Compiles the sources with the JDK's compiler and packs the classes into a jar, as a build tool would. */
    private static byte[] jar(String label, Map<String, String> sources) {
        try {
            Path sourceDirectory = Files.createDirectories(scratch.resolve(label).resolve("src"));
            Path classDirectory = Files.createDirectories(scratch.resolve(label).resolve("classes"));
            List<String> arguments = new java.util.ArrayList<>(List.of("-d", classDirectory.toString(), "-nowarn"));
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = sourceDirectory.resolve(source.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                arguments.add(file.toString());
            }
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int status = compiler.run(null, null, errors, arguments.toArray(String[]::new));
            assertThat(status).as(errors.toString(StandardCharsets.UTF_8)).isZero();

            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            ByteArrayOutputStream jar = new ByteArrayOutputStream();
            try (JarOutputStream out = new JarOutputStream(jar, manifest); Stream<Path> classes = Files.walk(classDirectory)) {
                for (Path file : classes.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new JarEntry(classDirectory.relativize(file).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(file));
                    out.closeEntry();
                }
            }
            return jar.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
